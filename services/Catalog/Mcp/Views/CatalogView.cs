using System.Collections.Frozen;
using McpGateway.Catalog.Federation.Upstream;
using McpGateway.ServiceDefaults.Authorization;
using Protocol = ModelContextProtocol.Protocol;

namespace McpGateway.Catalog.Mcp.Views;

/// <summary>
/// The catalog as the MCP endpoints need it, in memory: every enabled virtual server with what it offers and where
/// each item is served (its gateway's upstream). Built whole from the database and swapped in on change, so serving
/// a request reads no database. Items carry their tenancy so each caller is filtered locally.
/// </summary>
public sealed record CatalogView(FrozenDictionary<string, VirtualServerView> Servers)
{
    public static readonly CatalogView Empty = new(FrozenDictionary<string, VirtualServerView>.Empty);
}

public sealed record VirtualServerView(
    string Id,
    string Name,
    string? Description,
    ScopedEntity Scope,
    IReadOnlyList<ExposedTool> Tools,
    FrozenDictionary<string, ExposedTool> ToolsByName,
    IReadOnlyList<ExposedResource> Resources,
    IReadOnlyList<ExposedResource> Templates,
    FrozenDictionary<string, ExposedResource> ResourcesByUri,
    IReadOnlyList<ExposedPrompt> Prompts,
    FrozenDictionary<string, ExposedPrompt> PromptsByName);

/// <summary>A tool as clients of one virtual server see it (<paramref name="Definition"/>, named as exposed), and how to call it.</summary>
public sealed record ExposedTool(
    string Id,
    ScopedEntity Scope,
    string? GatewayId,
    string OriginalName,
    Protocol.Tool Definition,
    UpstreamEndpoint? Upstream)
{
    public string Name => Definition.Name;
}

/// <summary>A resource (or a resource template), and where to read it: its upstream, or <paramref name="Content"/> stored in the catalog.</summary>
public sealed record ExposedResource(
    string Id,
    ScopedEntity Scope,
    string Uri,
    Protocol.Resource? Resource,
    Protocol.ResourceTemplate? Template,
    UriTemplateMatcher? Matcher,
    string? Content,
    UpstreamEndpoint? Upstream);

/// <summary>A prompt as exposed, and how to render it: upstream by its original name, or from <paramref name="Template"/>.</summary>
public sealed record ExposedPrompt(
    string Id,
    ScopedEntity Scope,
    string OriginalName,
    Protocol.Prompt Definition,
    string? Template,
    UpstreamEndpoint? Upstream)
{
    public string Name => Definition.Name;
}
