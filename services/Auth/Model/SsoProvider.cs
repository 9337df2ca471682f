namespace McpGateway.Auth.Model;

/// <summary>An upstream identity provider users may sign in with (`sso_providers`).</summary>
public class SsoProvider
{
    /// <summary>A slug chosen by the administrator (`github`, `google`, `corp-okta`): it appears in the login and callback paths.</summary>
    public string Id { get; set; } = "";
    /// <summary>Unique.</summary>
    public string Name { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public SsoProviderType ProviderType { get; set; }
    public string ClientId { get; set; } = "";
    /// <summary>The client secret, encrypted at rest; never returned by the API. Null for a public client (PKCE only).</summary>
    public string? ClientSecretEncrypted { get; set; }
    public string AuthorizationUrl { get; set; } = "";
    public string TokenUrl { get; set; } = "";
    public string UserinfoUrl { get; set; } = "";
    /// <summary>The OIDC issuer whose id_tokens are accepted (not set for GitHub, which is plain OAuth).</summary>
    public string? Issuer { get; set; }
    public string? JwksUri { get; set; }
    public string Scope { get; set; } = "openid profile email";
    /// <summary>Email domains whose users may sign in through this provider, besides SSO_TRUSTED_DOMAINS (both empty: any domain).</summary>
    public List<string> TrustedDomains { get; set; } = [];
    public bool AutoCreateUsers { get; set; } = true;
    /// <summary>How upstream groups or organisations map to teams, as a JSON object (<see cref="Sso.SsoTeamMapping"/>).</summary>
    public string TeamMapping { get; set; } = "{}";
    public bool IsEnabled { get; set; } = true;
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;
}

/// <summary>Stored lowercase: `github`, `google`, `oidc`.</summary>
public enum SsoProviderType
{
    GitHub,
    Google,
    Oidc,
}
