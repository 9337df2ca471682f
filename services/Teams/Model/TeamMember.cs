namespace McpGateway.Teams.Model;

/// <summary>A user's membership of a team (`email_team_members`); one per team and user.</summary>
public class TeamMember
{
    public string Id { get; set; } = Guid.NewGuid().ToString("N");
    public string TeamId { get; set; } = "";
    public Team? Team { get; set; }
    public string UserEmail { get; set; } = "";
    public TeamRole Role { get; set; } = TeamRole.Member;
    public DateTime JoinedAt { get; set; } = DateTime.UtcNow;
    public string? InvitedBy { get; set; }
    public bool IsActive { get; set; } = true;
    /// <summary>
    /// Who keeps this membership in step: `sso:{provider}` when an identity provider's groups granted it (that provider's
    /// next sign-ins may change or remove it); null when granted by hand (never touched by any provider).
    /// </summary>
    public string? Source { get; set; }
}

/// <summary>Stored lowercase: `owner` (manages the team and its members) or `member`.</summary>
public enum TeamRole
{
    Owner,
    Member,
}
