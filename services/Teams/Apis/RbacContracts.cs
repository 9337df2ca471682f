using McpGateway.Teams.Model;

namespace McpGateway.Teams.Apis;

// Request and response bodies of /rbac, with ContextForge's fields (snake_case on the wire).

public sealed record CreateRoleRequest(string? Name, string? Description, string? Scope, List<string>? Permissions, string? InheritsFrom);

public sealed record UpdateRoleRequest(string? Name, string? Description, List<string>? Permissions, string? InheritsFrom, bool? IsActive);

public sealed record RoleResponse(
    string Id, string Name, string? Description, string Scope, IReadOnlyList<string> Permissions, IReadOnlyList<string> EffectivePermissions,
    string? InheritsFrom, string CreatedBy, bool IsSystemRole, bool IsActive, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static RoleResponse From(Role role, IReadOnlyList<string> effective) => new(
        role.Id, role.Name, role.Description, Names.Of(role.Scope), role.Permissions, effective, role.InheritsFrom,
        role.CreatedBy, role.IsSystemRole, role.IsActive, role.CreatedAt, role.UpdatedAt);
}

public sealed record AssignRoleRequest(string? RoleId, string? Scope, string? ScopeId, DateTime? ExpiresAt);

public sealed record UserRoleResponse(
    string Id, string UserEmail, string RoleId, string? RoleName, string Scope, string? ScopeId, string GrantedBy,
    DateTime GrantedAt, DateTime? ExpiresAt, bool IsActive)
{
    public static UserRoleResponse From(UserRole assignment) => new(
        assignment.Id, assignment.UserEmail, assignment.RoleId, assignment.Role?.Name, Names.Of(assignment.Scope), assignment.ScopeId,
        assignment.GrantedBy, assignment.GrantedAt, assignment.ExpiresAt, assignment.IsActive);
}

public sealed record PermissionCheckRequest(string? UserEmail, string? Permission, string? ResourceType, string? ResourceId, string? TeamId);

public sealed record PermissionCheckResponse(string UserEmail, string Permission, bool Granted, DateTime CheckedAt, string CheckedBy);

public sealed record AuditEntryResponse(
    long Id, DateTime Timestamp, string? UserEmail, string Action, string Permission, string? TargetEmail, string? ResourceType,
    string? ResourceId, string? TeamId, bool Granted, string? RolesChecked, string? IpAddress, string? UserAgent)
{
    public static AuditEntryResponse From(PermissionAuditEntry e) => new(
        e.Id, e.Timestamp, e.UserEmail, e.Action, e.Permission, e.TargetEmail, e.ResourceType, e.ResourceId, e.TeamId, e.Granted,
        e.RolesChecked, e.IpAddress, e.UserAgent);
}

public sealed record AuditLogResponse(IReadOnlyList<AuditEntryResponse> Entries, int Total);
