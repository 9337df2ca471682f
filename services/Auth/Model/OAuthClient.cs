namespace McpGateway.Auth.Model;

/// <summary>A client of our OAuth 2.1 / OIDC provider (`oauth_clients`), configured or registered dynamically (RFC 7591).</summary>
public class OAuthClient
{
    public string ClientId { get; set; } = Guid.NewGuid().ToString("N");
    /// <summary>Null for a public client (PKCE only, `token_endpoint_auth_method` `none`).</summary>
    public string? ClientSecretHash { get; set; }
    public string? ClientName { get; set; }
    public List<string> RedirectUris { get; set; } = [];
    /// <summary>Where `GET /oauth/logout` may send the user afterwards (OIDC RP-Initiated Logout), compared exactly.</summary>
    public List<string> PostLogoutRedirectUris { get; set; } = [];
    public List<string> GrantTypes { get; set; } = ["authorization_code", "refresh_token"];
    public List<string> ResponseTypes { get; set; } = ["code"];
    /// <summary>`none`, `client_secret_basic` or `client_secret_post`.</summary>
    public string TokenEndpointAuthMethod { get; set; } = "client_secret_basic";
    public string? Scope { get; set; }
    /// <summary>Registered through `POST /oauth/register` rather than by an administrator.</summary>
    public bool IsDynamic { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
}
