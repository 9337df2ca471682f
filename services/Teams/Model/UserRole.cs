namespace McpGateway.Teams.Model;

/// <summary>A role granted to a user (`user_roles`), at a scope: everywhere, or within one team (<see cref="ScopeId"/>).</summary>
public class UserRole
{
    public string Id { get; set; } = Guid.NewGuid().ToString("N");
    public string UserEmail { get; set; } = "";
    public string RoleId { get; set; } = "";
    public Role? Role { get; set; }
    public RoleScope Scope { get; set; }
    /// <summary>The team id for a team-scoped grant; null otherwise.</summary>
    public string? ScopeId { get; set; }
    public string GrantedBy { get; set; } = "";
    public DateTime GrantedAt { get; set; } = DateTime.UtcNow;
    public DateTime? ExpiresAt { get; set; }
    public bool IsActive { get; set; } = true;
}
