namespace McpGateway.Auth.Model;

/// <summary>A first SSO sign-in from outside the trusted domains, waiting for an administrator (`pending_user_approvals`).</summary>
public class PendingUserApproval
{
    public string Id { get; set; } = Guid.NewGuid().ToString("N");
    /// <summary>Unique: one request per address.</summary>
    public string Email { get; set; } = "";
    public string? FullName { get; set; }
    public string AuthProvider { get; set; } = "";
    /// <summary>What the provider said about the user, as a JSON object.</summary>
    public string? SsoMetadata { get; set; }
    public DateTime RequestedAt { get; set; } = DateTime.UtcNow;
    public DateTime ExpiresAt { get; set; }
    public ApprovalStatus Status { get; set; } = ApprovalStatus.Pending;
    public string? ApprovedBy { get; set; }
    public DateTime? ApprovedAt { get; set; }
    public string? RejectionReason { get; set; }
    public string? AdminNotes { get; set; }
}

/// <summary>Stored lowercase: `pending`, `approved`, `rejected`, `expired`.</summary>
public enum ApprovalStatus
{
    Pending,
    Approved,
    Rejected,
    Expired,
}
