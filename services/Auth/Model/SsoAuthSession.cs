namespace McpGateway.Auth.Model;

/// <summary>
/// An SSO sign-in in flight (`sso_auth_sessions`): what the callback needs to check the upstream's answer
/// (state, PKCE verifier, OIDC nonce) and where to send the user afterwards.
/// </summary>
public class SsoAuthSession
{
    public string Id { get; set; } = Guid.NewGuid().ToString("N");
    public string ProviderId { get; set; } = "";
    public SsoProvider? Provider { get; set; }
    /// <summary>The OAuth `state` sent upstream; unique, it finds the session on the callback.</summary>
    public string State { get; set; } = "";
    public string? CodeVerifier { get; set; }
    public string? Nonce { get; set; }
    public string RedirectUri { get; set; } = "";
    /// <summary>Set once the callback has identified the user.</summary>
    public string? UserEmail { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime ExpiresAt { get; set; }
}
