using McpGateway.Catalog.Federation.Upstream;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Catalog.Federation;

/// <summary>Everything an upstream offers, read over its session (every page of every list it supports).</summary>
public sealed record UpstreamInventory(
    IReadOnlyList<Tool> Tools,
    IReadOnlyList<Resource> Resources,
    IReadOnlyList<ResourceTemplate> ResourceTemplates,
    IReadOnlyList<Prompt> Prompts,
    ServerCapabilities Capabilities)
{
    public static async Task<UpstreamInventory> ReadAsync(McpClient client, CancellationToken cancellationToken)
    {
        var capabilities = client.ServerCapabilities;
        var tools = capabilities.Tools is null ? [] : (await client.ListToolsAsync(cancellationToken: cancellationToken)).Select(t => t.ProtocolTool).ToList();
        var resources = capabilities.Resources is null ? [] : (await client.ListResourcesAsync(cancellationToken: cancellationToken)).Select(r => r.ProtocolResource).ToList();
        var templates = capabilities.Resources is null ? [] : (await client.ListResourceTemplatesAsync(cancellationToken: cancellationToken)).Select(t => t.ProtocolResourceTemplate).ToList();
        var prompts = capabilities.Prompts is null ? [] : (await client.ListPromptsAsync(cancellationToken: cancellationToken)).Select(p => p.ProtocolPrompt).ToList();
        return new UpstreamInventory(tools, resources, templates, prompts, capabilities);
    }
}
