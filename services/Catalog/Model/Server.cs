namespace McpGateway.Catalog.Model;

/// <summary>A virtual MCP server: a chosen set of tools, resources and prompts served at `/servers/{id}/mcp`.</summary>
public class Server : CatalogEntity
{
    public string? Icon { get; set; }
    /// <summary>
    /// Whether MCP clients see its tools and prompts under the names their upstreams give them (`echo`) rather than the
    /// catalog's prefixed names (`everything-echo`). Off by default; a server can turn it on only while no two of its
    /// members would then share a name.
    /// </summary>
    public bool ExposeOriginalNames { get; set; }
    public List<Tool> Tools { get; set; } = [];
    public List<Resource> Resources { get; set; } = [];
    public List<Prompt> Prompts { get; set; } = [];
}
