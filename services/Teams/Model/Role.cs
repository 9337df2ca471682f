namespace McpGateway.Teams.Model;

/// <summary>
/// A named set of permissions (`roles`), granted at one scope: global, within a team, or personal.
/// A role may inherit the permissions of another.
/// </summary>
public class Role
{
    public string Id { get; set; } = Guid.NewGuid().ToString("N");
    /// <summary>Unique per scope.</summary>
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public RoleScope Scope { get; set; }
    /// <summary>Names from <see cref="Model.Permissions"/>, or <see cref="Model.Permissions.Wildcard"/> for all of them.</summary>
    public List<string> Permissions { get; set; } = [];
    /// <summary>The id of the role whose permissions this one adds to; such a role cannot be deleted while referenced.</summary>
    public string? InheritsFrom { get; set; }
    public string CreatedBy { get; set; } = "";
    /// <summary>Built in (`platform_admin`, `team_admin`, `developer`, `viewer`): cannot be deleted.</summary>
    public bool IsSystemRole { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;
}

/// <summary>Where a role applies. Stored lowercase: `global`, `team`, `personal`.</summary>
public enum RoleScope
{
    Global,
    Team,
    Personal,
}
