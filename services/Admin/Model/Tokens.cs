namespace McpGateway.Admin.Model;

// The auth service's API tokens (snake_case on the wire). The secret appears only in TokenCreated.

public sealed record ApiToken(
    string Id, string Name, string? Description, string UserEmail, string? TeamId, string? ServerId, List<string> ResourceScopes,
    List<string> IpRestrictions, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? LastUsed, bool IsActive, bool IsRevoked);

public sealed record ApiTokenList(List<ApiToken> Tokens, int Total, int Skip, int Limit);

public sealed record TokenCreated(ApiToken Token, string AccessToken);

public sealed record TokenUsageEntry(DateTime Timestamp, string Method, string Endpoint, string? IpAddress, int? StatusCode, int? ResponseTimeMs);

public sealed record TokenUsage(string TokenId, int TotalRequests, int Skip, int Limit, List<TokenUsageEntry> Entries);
