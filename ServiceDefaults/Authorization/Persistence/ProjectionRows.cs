namespace McpGateway.ServiceDefaults.Authorization.Persistence;

// The policy projection as rows in a consuming service's own database (`policy_*` tables), so a restart knows it.

/// <summary>`policy_teams`: a team as the policy knows it.</summary>
public sealed class ProjectedTeam
{
    public string TeamId { get; set; } = "";
    public bool IsPersonal { get; set; }
    public bool IsPublic { get; set; }
    public string CreatedBy { get; set; } = "";
}

/// <summary>`policy_memberships`: one principal in one team with a membership role (`owner`, `member`).</summary>
public sealed class ProjectedMembership
{
    public string TeamId { get; set; } = "";
    public string Principal { get; set; } = "";
    public string Role { get; set; } = "";
}

/// <summary>`policy_roles`: a custom role's effective permissions (built-in roles are known in code).</summary>
public sealed class ProjectedRole
{
    public string RoleId { get; set; } = "";
    public string Name { get; set; } = "";
    public List<string> Permissions { get; set; } = [];
}

/// <summary>`policy_assignments`: one role granted to one principal at a scope.</summary>
public sealed class ProjectedAssignment
{
    public string AssignmentId { get; set; } = "";
    public string Principal { get; set; } = "";
    public string RoleId { get; set; } = "";
    public string Scope { get; set; } = "";
    public string? ScopeId { get; set; }
    public DateTime? ExpiresAt { get; set; }
}
