namespace McpGateway.Teams.Model;

/// <summary>
/// A team (`email_teams`): the unit that owns catalog entities and grants access to them. Every user has one personal
/// team, created when the account is; other teams are private (invitation only) or public (anyone may ask to join).
/// </summary>
public class Team
{
    public string Id { get; set; } = Guid.NewGuid().ToString("N");
    public string Name { get; set; } = "";
    /// <summary>Unique across all teams.</summary>
    public string Slug { get; set; } = "";
    public string? Description { get; set; }
    public string CreatedBy { get; set; } = "";
    public bool IsPersonal { get; set; }
    public TeamVisibility Visibility { get; set; } = TeamVisibility.Private;
    /// <summary>Null: no limit.</summary>
    public int? MaxMembers { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;

    public List<TeamMember> Members { get; set; } = [];
}

/// <summary>Stored lowercase: `private` (invitation only) or `public` (discoverable, join by request).</summary>
public enum TeamVisibility
{
    Private,
    Public,
}
