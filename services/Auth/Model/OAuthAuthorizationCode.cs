namespace McpGateway.Auth.Model;

/// <summary>An issued authorization code (`oauth_authorization_codes`), stored by its hash and redeemable once.</summary>
public class OAuthAuthorizationCode
{
    public string CodeHash { get; set; } = "";
    public string ClientId { get; set; } = "";
    public OAuthClient? Client { get; set; }
    public string UserEmail { get; set; } = "";
    public string RedirectUri { get; set; } = "";
    /// <summary>
    /// Whether the authorization request named <see cref="RedirectUri"/> itself (rather than relying on the client's
    /// only registered one); if it did, the token request must repeat it (RFC 6749 §4.1.3).
    /// </summary>
    public bool RedirectUriSupplied { get; set; } = true;
    public string? Scope { get; set; }
    /// <summary>The RFC 8707 resource indicator the token will be bound to (an MCP server's URL).</summary>
    public string? Resource { get; set; }
    /// <summary>PKCE is required: every code carries its challenge.</summary>
    public string CodeChallenge { get; set; } = "";
    public string CodeChallengeMethod { get; set; } = "S256";
    public string? Nonce { get; set; }
    /// <summary>When the user signed in (OIDC `auth_time`).</summary>
    public DateTime? AuthTime { get; set; }
    public DateTime ExpiresAt { get; set; }
    /// <summary>Set on redemption; a second redemption is refused (and revokes what the first issued).</summary>
    public DateTime? ConsumedAt { get; set; }
    /// <summary>The access token the redemption issued, so a replayed code can revoke it (RFC 6749 §4.1.2).</summary>
    public string? AccessTokenJti { get; set; }
    public DateTime? AccessTokenExpiresAt { get; set; }
}
