using McpGateway.Auth.Model;

namespace McpGateway.Auth.Apis;

// The JSON shapes of /tokens (snake_case on the wire, ContextForge's field names).

public sealed record TokenScopeRequest(string? ServerId, List<string>? Permissions, List<string>? IpRestrictions);

/// <summary>`expires_in_days` absent or null: 30 days; at most 365 (no token lives for ever).</summary>
public sealed record CreateTokenRequest(string? Name, string? Description, int? ExpiresInDays, TokenScopeRequest? Scope, string? TeamId);

public sealed record RevokeTokenRequest(string? Reason);

/// <summary>A token's metadata; never its secret.</summary>
public sealed record TokenResponse(
    string Id, string Name, string? Description, string UserEmail, string? TeamId, string? ServerId, List<string> ResourceScopes,
    List<string> IpRestrictions, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? LastUsed, bool IsActive,
    bool IsRevoked, DateTime? RevokedAt, string? RevokedBy, string? RevocationReason)
{
    public static TokenResponse From(ApiToken token, TokenRevocation? revocation) => new(
        token.Id, token.Name, token.Description, token.UserEmail, token.TeamId, token.ServerId, token.ResourceScopes, token.IpRestrictions,
        token.CreatedAt, token.ExpiresAt, token.LastUsedAt, token.IsActive,
        revocation is not null, revocation?.RevokedAt, revocation?.RevokedBy, revocation?.Reason);
}

/// <summary>The answer to a creation: the only time <see cref="AccessToken"/> (the secret) is shown.</summary>
public sealed record TokenCreateResponse(TokenResponse Token, string AccessToken);

public sealed record TokenListResponse(List<TokenResponse> Tokens, int Total, int Skip, int Limit);

public sealed record TokenUsageEntry(DateTime Timestamp, string Method, string Endpoint, string? IpAddress, int? StatusCode, int? ResponseTimeMs);

public sealed record TokenUsageResponse(string TokenId, int TotalRequests, int Skip, int Limit, List<TokenUsageEntry> Entries);
