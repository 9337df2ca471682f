namespace McpGateway.Teams.Model;

/// <summary>
/// One audited decision or change (`permission_audit_log`): a denied permission check, or a grant, revocation or
/// membership change, with who did it (<see cref="UserEmail"/>) and to whom (<see cref="TargetEmail"/>).
/// </summary>
public class PermissionAuditEntry
{
    public long Id { get; set; }
    public DateTime Timestamp { get; set; } = DateTime.UtcNow;
    /// <summary>The caller: a user's email or a client id.</summary>
    public string? UserEmail { get; set; }
    /// <summary>The permission checked or exercised.</summary>
    public string Permission { get; set; } = "";
    /// <summary>What happened: one of <see cref="AuditActions"/>.</summary>
    public string Action { get; set; } = AuditActions.PermissionCheck;
    /// <summary>Whom a grant, revocation or membership change was about.</summary>
    public string? TargetEmail { get; set; }
    public string? ResourceType { get; set; }
    public string? ResourceId { get; set; }
    public string? TeamId { get; set; }
    public bool Granted { get; set; }
    /// <summary>The roles consulted, or the role granted or revoked, as a JSON array.</summary>
    public string? RolesChecked { get; set; }
    public string? IpAddress { get; set; }
    public string? UserAgent { get; set; }
}

/// <summary>The kinds of <see cref="PermissionAuditEntry"/>.</summary>
public static class AuditActions
{
    public const string PermissionCheck = "permission.check";
    public const string RoleAssigned = "role.assigned";
    public const string RoleRevoked = "role.revoked";
    public const string RoleCreated = "role.created";
    public const string RoleUpdated = "role.updated";
    public const string RoleDeleted = "role.deleted";
    public const string MemberAdded = "member.added";
    public const string MemberRemoved = "member.removed";
    public const string MemberRoleChanged = "member.role_changed";
}
