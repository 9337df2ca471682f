namespace McpGateway.Auth.Model;

/// <summary>
/// A refresh token (`oauth_refresh_tokens`), stored by its hash. Each use rotates it: the old one is consumed and a new
/// one joins the same family; reuse of a consumed token revokes the whole family (OAuth 2.1 refresh token rotation).
/// </summary>
public class OAuthRefreshToken
{
    public string TokenHash { get; set; } = "";
    /// <summary>Shared by every token rotated from the same grant: the hash of the authorization code it came from.</summary>
    public string FamilyId { get; set; } = "";
    public string ClientId { get; set; } = "";
    public OAuthClient? Client { get; set; }
    public string UserEmail { get; set; } = "";
    public string? Scope { get; set; }
    public string? Resource { get; set; }
    /// <summary>When the user signed in (OIDC `auth_time` of id_tokens issued on refresh).</summary>
    public DateTime? AuthTime { get; set; }
    /// <summary>The access token issued together with this refresh token: revoking the family revokes it too.</summary>
    public string? AccessTokenJti { get; set; }
    public DateTime? AccessTokenExpiresAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? ConsumedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
}
