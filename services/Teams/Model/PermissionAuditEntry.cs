namespace McpGateway.Teams.Model;

/// <summary>One permission check and its outcome (`permission_audit_log`).</summary>
public class PermissionAuditEntry
{
    public long Id { get; set; }
    public DateTime Timestamp { get; set; } = DateTime.UtcNow;
    public string? UserEmail { get; set; }
    public string Permission { get; set; } = "";
    public string? ResourceType { get; set; }
    public string? ResourceId { get; set; }
    public string? TeamId { get; set; }
    public bool Granted { get; set; }
    /// <summary>The roles consulted for the decision, as a JSON array.</summary>
    public string? RolesChecked { get; set; }
    public string? IpAddress { get; set; }
    public string? UserAgent { get; set; }
}
