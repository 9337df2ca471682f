namespace McpGateway.Catalog.Model;

/// <summary>A virtual MCP server: a chosen set of tools, resources and prompts served at `/servers/{id}/mcp`.</summary>
public class Server : CatalogEntity
{
    public string? Icon { get; set; }
    public List<Tool> Tools { get; set; } = [];
    public List<Resource> Resources { get; set; } = [];
    public List<Prompt> Prompts { get; set; } = [];
}
