namespace McpGateway.Admin.Model;

// The catalog service's server catalog (`GET /catalog`, snake_case on the wire): known MCP servers to add as gateways.

public sealed record ServerCatalogEntry(
    string Id, string Name, string? Category, string Url, string AuthType, string? Provider, string? Description,
    bool RequiresApiKey, List<string> Tags, string? DocumentationUrl);

public sealed record ServerCatalogPage(List<ServerCatalogEntry> Servers, int Total, int Skip, int Limit, List<string> Categories, List<string> AuthTypes);
