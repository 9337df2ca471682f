namespace McpGateway.Auth.Model;

/// <summary>
/// A personal or team API token (`email_api_tokens`). The secret is shown once at creation; only its hash is stored.
/// </summary>
public class ApiToken
{
    public string Id { get; set; } = Guid.NewGuid().ToString("N");
    public string UserEmail { get; set; } = "";
    public EmailUser? User { get; set; }
    /// <summary>Set for a team token: it acts only within that team.</summary>
    public string? TeamId { get; set; }
    /// <summary>Unique per user.</summary>
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    /// <summary>The token's JWT id: what revocation and usage logs refer to.</summary>
    public string Jti { get; set; } = "";
    public string TokenHash { get; set; } = "";
    /// <summary>When set, the token is only valid for this virtual server.</summary>
    public string? ServerId { get; set; }
    /// <summary>The permissions the token is limited to (empty: those of its user).</summary>
    public List<string> ResourceScopes { get; set; } = [];
    /// <summary>Client addresses or CIDR ranges the token may be used from (empty: anywhere).</summary>
    public List<string> IpRestrictions { get; set; } = [];
    public DateTime? ExpiresAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
}
