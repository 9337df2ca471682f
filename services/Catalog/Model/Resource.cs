namespace McpGateway.Catalog.Model;

/// <summary>An MCP resource (or resource template when <see cref="UriTemplate"/> is set).</summary>
public class Resource : CatalogEntity
{
    public string Uri { get; set; } = "";
    public string? UriTemplate { get; set; }
    public string? MimeType { get; set; }
    public long? Size { get; set; }
    /// <summary>Text content for resources registered directly rather than read from a gateway.</summary>
    public string? Content { get; set; }

    public string? GatewayId { get; set; }
    public Gateway? Gateway { get; set; }
}
