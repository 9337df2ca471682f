namespace McpGateway.Catalog.Model;

/// <summary>A tool, discovered from a gateway (`GatewayId` set) or registered directly.</summary>
public class Tool : CatalogEntity
{
    /// <summary>The name the upstream server knows the tool by; <see cref="CatalogEntity.Name"/> is what clients see.</summary>
    public string OriginalName { get; set; } = "";
    public string? DisplayName { get; set; }
    public string? Url { get; set; }
    /// <summary>`MCP` for tools of an upstream MCP server, `REST` for HTTP endpoints registered as tools.</summary>
    public string IntegrationType { get; set; } = "MCP";
    public string? RequestType { get; set; }
    /// <summary>JSON Schema of the arguments, as JSON.</summary>
    public string InputSchema { get; set; } = """{"type":"object"}""";
    public string? OutputSchema { get; set; }
    public string? Annotations { get; set; }
    public string? Headers { get; set; }
    /// <summary>How a REST tool authenticates upstream (<see cref="UpstreamCredentials.Types"/>).</summary>
    public string AuthType { get; set; } = UpstreamCredentials.None;
    /// <summary>Its <see cref="UpstreamCredentials"/>, encrypted at rest like a gateway's; never returned by the API.</summary>
    public string? AuthValue { get; set; }
    public bool Reachable { get; set; } = true;

    public string? GatewayId { get; set; }
    public Gateway? Gateway { get; set; }
}
