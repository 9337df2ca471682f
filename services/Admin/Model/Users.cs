namespace McpGateway.Admin.Model;

// The auth service's answers about accounts (snake_case on the wire).

public sealed record User(string Email, string? FullName, bool IsAdmin, bool IsActive, string AuthProvider, DateTime CreatedAt, DateTime? LastLoginAt);

public sealed record UserList(IReadOnlyList<User> Users, int TotalCount, int Skip, int Limit);

public sealed record AuthEvent(long Id, DateTime Timestamp, string? UserEmail, string EventType, bool Success, string? IpAddress, string? FailureReason);

public sealed record PendingApproval(string Id, string Email, string? FullName, string AuthProvider, DateTime RequestedAt, DateTime ExpiresAt, string Status,
    string? ApprovedBy, string? RejectionReason);
