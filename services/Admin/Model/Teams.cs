namespace McpGateway.Admin.Model;

// The teams service's answers (snake_case on the wire), as far as the pages read them.

public sealed record Team(
    string Id, string Name, string Slug, string? Description, string CreatedBy, bool IsPersonal, string Visibility,
    int? MaxMembers, int MemberCount, DateTime CreatedAt, bool IsActive);

public sealed record TeamList(IReadOnlyList<Team> Teams, int Total);

public sealed record DiscoverableTeam(string Id, string Name, string Slug, string? Description, int MemberCount, bool IsJoinable);

public sealed record TeamMember(string Id, string TeamId, string UserEmail, string Role, DateTime JoinedAt, string? InvitedBy, bool IsActive);

public sealed record Invitation(
    string Id, string TeamId, string TeamName, string Email, string Role, string InvitedBy, DateTime InvitedAt,
    DateTime ExpiresAt, string? Token, bool IsActive, bool IsExpired);

public sealed record JoinRequest(
    string Id, string TeamId, string TeamName, string UserEmail, string? Message, string Status, DateTime RequestedAt, DateTime ExpiresAt);

public sealed record Role(string Id, string Name, string? Description, string Scope, IReadOnlyList<string> Permissions, bool IsSystemRole, bool IsActive);

public sealed record RoleAssignment(
    string Id, string UserEmail, string RoleId, string? RoleName, string Scope, string? ScopeId, string GrantedBy, DateTime GrantedAt,
    DateTime? ExpiresAt, bool IsActive);

public sealed record AuditEntry(
    long Id, DateTime Timestamp, string? UserEmail, string Action, string Permission, string? TargetEmail, string? ResourceType,
    string? ResourceId, string? TeamId, bool Granted);

public sealed record AuditLog(IReadOnlyList<AuditEntry> Entries, int Total);
