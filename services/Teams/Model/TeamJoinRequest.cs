namespace McpGateway.Teams.Model;

/// <summary>A user's request to join a public team, reviewed by its owners (`email_team_join_requests`).</summary>
public class TeamJoinRequest
{
    public string Id { get; set; } = Guid.NewGuid().ToString("N");
    public string TeamId { get; set; } = "";
    public Team? Team { get; set; }
    public string UserEmail { get; set; } = "";
    public string? Message { get; set; }
    public JoinRequestStatus Status { get; set; } = JoinRequestStatus.Pending;
    public DateTime RequestedAt { get; set; } = DateTime.UtcNow;
    public DateTime ExpiresAt { get; set; }
    public DateTime? ReviewedAt { get; set; }
    public string? ReviewedBy { get; set; }
    public string? Notes { get; set; }
}

/// <summary>Stored lowercase: `pending`, `approved`, `rejected`, `withdrawn`.</summary>
public enum JoinRequestStatus
{
    Pending,
    Approved,
    Rejected,
    Withdrawn,
}
