namespace McpGateway.Teams.Model;

/// <summary>An invitation to join a team (`email_team_invitations`). The token is sent to the invitee; only its hash is stored.</summary>
public class TeamInvitation
{
    public string Id { get; set; } = Guid.NewGuid().ToString("N");
    public string TeamId { get; set; } = "";
    public Team? Team { get; set; }
    public string Email { get; set; } = "";
    public TeamRole Role { get; set; } = TeamRole.Member;
    public string InvitedBy { get; set; } = "";
    public DateTime InvitedAt { get; set; } = DateTime.UtcNow;
    public DateTime ExpiresAt { get; set; }
    public string TokenHash { get; set; } = "";
    public bool IsActive { get; set; } = true;
    public DateTime? AcceptedAt { get; set; }
}
