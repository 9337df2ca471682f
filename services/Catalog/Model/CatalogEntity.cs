namespace McpGateway.Catalog.Model;

/// <summary>What every catalog entity carries: identity, tenancy (team, owner, visibility) and audit times.</summary>
public abstract class CatalogEntity
{
    public string Id { get; set; } = Guid.NewGuid().ToString("N");
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public List<string> Tags { get; set; } = [];
    public bool Enabled { get; set; } = true;

    public string? TeamId { get; set; }
    public string OwnerEmail { get; set; } = "";
    public Visibility Visibility { get; set; } = Visibility.Private;

    public string? CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;
}
