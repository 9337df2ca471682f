namespace McpGateway.Catalog.Model;

/// <summary>An upstream MCP server whose tools, resources and prompts the catalog discovers and federates.</summary>
public class Gateway : CatalogEntity
{
    public string Slug { get; set; } = "";
    public string Url { get; set; } = "";
    /// <summary>`streamablehttp` or `sse`.</summary>
    public string Transport { get; set; } = "streamablehttp";
    /// <summary>`none`, `basic`, `bearer`, `authheaders` or `oauth` (<see cref="UpstreamCredentials.Types"/>).</summary>
    public string AuthType { get; set; } = UpstreamCredentials.None;
    /// <summary>
    /// The upstream credentials (<see cref="UpstreamCredentials"/> as JSON), encrypted at rest; never returned by the API.
    /// Read them with Security/CredentialVault.
    /// </summary>
    public string? AuthValue { get; set; }
    public List<string> PassthroughHeaders { get; set; } = [];
    /// <summary>The upstream's declared MCP capabilities, as JSON.</summary>
    public string? Capabilities { get; set; }
    public bool Reachable { get; set; } = true;
    public DateTime? LastSeenAt { get; set; }
    public DateTime? LastRefreshedAt { get; set; }
}
