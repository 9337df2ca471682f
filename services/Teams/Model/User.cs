namespace McpGateway.Teams.Model;

/// <summary>
/// A user account as the auth service announced it (`users`): a projection kept by the user events
/// (IntegrationEvents/UsersProjection), so teams knows who exists without calling auth.
/// </summary>
public class User
{
    public string Email { get; set; } = "";
    public string? FullName { get; set; }
    public bool IsAdmin { get; set; }
    public bool IsActive { get; set; } = true;
    /// <summary>`local` or the SSO provider's id.</summary>
    public string AuthProvider { get; set; } = "local";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
