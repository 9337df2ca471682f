namespace McpGateway.Catalog.Model;

/// <summary>An MCP prompt: a template with declared arguments.</summary>
public class Prompt : CatalogEntity
{
    public string? Template { get; set; }
    /// <summary>The declared arguments, as a JSON array of `{name, description, required}`.</summary>
    public string Arguments { get; set; } = "[]";

    public string? GatewayId { get; set; }
    public Gateway? Gateway { get; set; }
}
