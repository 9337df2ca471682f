namespace McpGateway.Catalog.Catalogs;

/// <summary>
/// A known MCP server as a server catalog describes it (ContextForge's `catalog_servers` entries in mcp-catalog.yml):
/// enough to add it as a gateway in one call.
/// </summary>
public sealed class ServerCatalogEntry
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Category { get; set; }
    public string Url { get; set; } = "";
    /// <summary>ContextForge's words: `Open`, `API Key`, `OAuth2.1`, `OAuth2.1 & API Key`.</summary>
    public string AuthType { get; set; } = "Open";
    public string? Provider { get; set; }
    public string? Description { get; set; }
    public bool RequiresApiKey { get; set; }
    public bool Secure { get; set; }
    public List<string> Tags { get; set; } = [];
    /// <summary>`streamablehttp` or `sse`; inferred from the URL when absent (`.../sse` is SSE).</summary>
    public string? Transport { get; set; }
    public string? LogoUrl { get; set; }
    public string? DocumentationUrl { get; set; }

    public bool NeedsOAuth => AuthType.StartsWith("OAuth", StringComparison.OrdinalIgnoreCase);

    public string EffectiveTransport => Transport?.Trim().ToLowerInvariant() is { Length: > 0 } transport
        ? transport
        : Url.TrimEnd('/').EndsWith("/sse", StringComparison.OrdinalIgnoreCase) || Url.Contains("/sse/", StringComparison.OrdinalIgnoreCase) ? "sse" : "streamablehttp";
}

/// <summary>The file's shape: `catalog_servers: [...]`.</summary>
public sealed class ServerCatalogFile
{
    public List<ServerCatalogEntry> CatalogServers { get; set; } = [];
}
