namespace McpGateway.Contracts;

// teams → everyone: RBAC role assignments, carrying the role's permissions so a consumer decides without asking.

/// <summary>
/// A role was granted to a user (or to an OAuth client, by its client id in <paramref name="UserEmail"/>'s place).
/// <paramref name="Scope"/> is `global`, `team` or `personal`; <paramref name="ScopeId"/> the team id for `team`.
/// </summary>
public sealed record RoleAssigned(
    string AssignmentId,
    string UserEmail,
    string RoleId,
    string RoleName,
    string Scope,
    string? ScopeId,
    IReadOnlyList<string> Permissions,
    DateTime? ExpiresAt) : IntegrationEvent;

/// <summary>A role assignment ended.</summary>
public sealed record RoleRevoked(string AssignmentId, string UserEmail, string RoleId, string Scope, string? ScopeId) : IntegrationEvent;

/// <summary>A role's permissions changed; every assignment of it now grants <paramref name="Permissions"/>.</summary>
public sealed record RoleUpdated(string RoleId, string RoleName, IReadOnlyList<string> Permissions) : IntegrationEvent;
