namespace McpGateway.ServiceDefaults.Messaging.Revocations;

/// <summary>A revoked token this service learnt of (`denied_tokens`), kept so a restart refuses it again before serving.</summary>
public sealed class DeniedToken
{
    public string Jti { get; set; } = "";
    /// <summary>When the token expires anyway; null for a token that never does.</summary>
    public DateTime? ExpiresAt { get; set; }
    public DateTime RevokedAt { get; set; }
}

/// <summary>
/// A user whose tokens issued before <see cref="IssuedBefore"/> are refused (`denied_users`): deactivated or deleted.
/// Kept until every such token has expired (<see cref="KeepUntil"/>).
/// </summary>
public sealed class DeniedUser
{
    /// <summary>The tokens' `sub`: the user's email.</summary>
    public string Email { get; set; } = "";
    public DateTime IssuedBefore { get; set; }
    public DateTime KeepUntil { get; set; }
}
