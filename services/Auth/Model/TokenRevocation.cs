namespace McpGateway.Auth.Model;

/// <summary>A revoked token on the deny-list (`token_revocations`), keyed by its JWT id.</summary>
public class TokenRevocation
{
    public string Jti { get; set; } = "";
    public DateTime RevokedAt { get; set; } = DateTime.UtcNow;
    public string? RevokedBy { get; set; }
    public string? Reason { get; set; }
    /// <summary>When the token would have expired anyway, so the entry may be dropped; null for a token that never expires.</summary>
    public DateTime? ExpiresAt { get; set; }
}
