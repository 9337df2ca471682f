using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Catalog.Federation.Persistence;
using McpGateway.Catalog.Federation.Upstream;
using McpGateway.Catalog.Infrastructure;
using McpGateway.Catalog.Model;
using McpGateway.ServiceDefaults.Authorization;
using Microsoft.EntityFrameworkCore;
using ModelContextProtocol;
using Protocol = ModelContextProtocol.Protocol;

namespace McpGateway.Catalog.Mcp.Views;

/// <summary>
/// Reads the catalog into a <see cref="CatalogView"/>: enabled servers with their enabled tools, resources and prompts
/// (those of a disabled gateway left out), each as the MCP definition clients get - the upstream's own, stored at
/// discovery, with the catalog's fields (name, description, schemas, annotations) laid over it so edits show. A server
/// that exposes original names lists its tools and prompts under their upstream names instead of the catalog's.
/// </summary>
internal sealed class CatalogViewLoader(CatalogContext db)
{
    private static readonly JsonSerializerOptions Json = McpJsonUtilities.DefaultOptions;

    public async Task<CatalogView> LoadAsync(CancellationToken cancellationToken)
    {
        var servers = await db.Servers.AsNoTracking().Where(s => s.Enabled).ToListAsync(cancellationToken);
        var gateways = await db.Gateways.AsNoTracking().ToDictionaryAsync(g => g.Id, cancellationToken);
        var tools = (await db.Tools.AsNoTracking().Where(t => t.Enabled)
                .Select(t => new { Entity = t, Definition = EF.Property<string?>(t, FederatedColumns.UpstreamDefinition) }).ToListAsync(cancellationToken))
            .Where(t => Serves(t.Entity.GatewayId, gateways))
            .Select(t => ToTool(t.Entity, t.Definition, gateways)).ToDictionary(t => t.Id);
        var resources = (await db.Resources.AsNoTracking().Where(r => r.Enabled)
                .Select(r => new { Entity = r, Definition = EF.Property<string?>(r, FederatedColumns.UpstreamDefinition) }).ToListAsync(cancellationToken))
            .Where(r => Serves(r.Entity.GatewayId, gateways))
            .Select(r => ToResource(r.Entity, r.Definition, gateways)).ToDictionary(r => r.Id);
        var prompts = (await db.Prompts.AsNoTracking().Where(p => p.Enabled)
                .Select(p => new { Entity = p, Definition = EF.Property<string?>(p, FederatedColumns.UpstreamDefinition), Original = EF.Property<string?>(p, FederatedColumns.OriginalName) })
                .ToListAsync(cancellationToken))
            .Where(p => Serves(p.Entity.GatewayId, gateways))
            .Select(p => ToPrompt(p.Entity, p.Definition, p.Original, gateways)).ToDictionary(p => p.Id);

        var toolLinks = await LinksAsync("server_tool_association", "tool_id", cancellationToken);
        var resourceLinks = await LinksAsync("server_resource_association", "resource_id", cancellationToken);
        var promptLinks = await LinksAsync("server_prompt_association", "prompt_id", cancellationToken);

        var views = servers.Select(server =>
        {
            var serverTools = Members(toolLinks, server.Id, tools).Select(t => server.ExposeOriginalNames ? Original(t) : t)
                .OrderBy(t => t.Name, StringComparer.Ordinal).DistinctBy(t => t.Name).ToList();
            var serverResources = Members(resourceLinks, server.Id, resources).OrderBy(r => r.Uri, StringComparer.Ordinal).ToList();
            var serverPrompts = Members(promptLinks, server.Id, prompts).Select(p => server.ExposeOriginalNames ? Original(p) : p)
                .OrderBy(p => p.Name, StringComparer.Ordinal).DistinctBy(p => p.Name).ToList();
            var concrete = serverResources.Where(r => r.Template is null).DistinctBy(r => r.Uri).ToList();
            return new VirtualServerView(
                server.Id, server.Name, server.Description, Scope(server),
                serverTools, serverTools.ToFrozenDictionary(t => t.Name, StringComparer.Ordinal),
                concrete, serverResources.Where(r => r.Template is not null).ToList(),
                concrete.ToFrozenDictionary(r => r.Uri, StringComparer.Ordinal),
                serverPrompts, serverPrompts.ToFrozenDictionary(p => p.Name, StringComparer.Ordinal));
        });
        return new CatalogView(views.ToFrozenDictionary(v => v.Id, StringComparer.Ordinal));
    }

    // A server exposing original names gets its own copy of a renamed definition; the catalog's stays prefixed for the others.
    private static ExposedTool Original(ExposedTool tool) =>
        tool.Name == tool.OriginalName ? tool : tool with { Definition = Renamed(tool.Definition, tool.OriginalName) };

    private static ExposedPrompt Original(ExposedPrompt prompt) =>
        prompt.Name == prompt.OriginalName ? prompt : prompt with { Definition = Renamed(prompt.Definition, prompt.OriginalName) };

    private static T Renamed<T>(T definition, string name)
    {
        var copy = JsonSerializer.SerializeToNode(definition, Json)!.AsObject();
        copy["name"] = name;
        return copy.Deserialize<T>(Json)!;
    }

    private async Task<ILookup<string, string>> LinksAsync(string table, string memberKey, CancellationToken cancellationToken) =>
        (await db.Set<Dictionary<string, object>>(table).AsNoTracking()
            .Select(link => new { Server = EF.Property<string>(link, "server_id"), Member = EF.Property<string>(link, memberKey) })
            .ToListAsync(cancellationToken))
        .ToLookup(link => link.Server, link => link.Member, StringComparer.Ordinal);

    private static IEnumerable<T> Members<T>(ILookup<string, string> links, string serverId, Dictionary<string, T> items) =>
        links[serverId].Select(id => items.GetValueOrDefault(id)).OfType<T>();

    // Items of a disabled (or missing) gateway are not served; items registered directly (no gateway) are.
    private static bool Serves(string? gatewayId, Dictionary<string, Gateway> gateways) =>
        gatewayId is null || (gateways.TryGetValue(gatewayId, out var gateway) && gateway.Enabled);

    private static UpstreamEndpoint? Upstream(string? gatewayId, Dictionary<string, Gateway> gateways) =>
        gatewayId is not null && gateways.TryGetValue(gatewayId, out var gateway) && Uri.IsWellFormedUriString(gateway.Url, UriKind.Absolute)
            ? UpstreamEndpoint.From(gateway)
            : null;

    private static ScopedEntity Scope(CatalogEntity entity) =>
        new(entity.TeamId, entity.OwnerEmail, entity.Visibility.ToString().ToLowerInvariant());

    private static ExposedTool ToTool(Tool tool, string? upstreamDefinition, Dictionary<string, Gateway> gateways)
    {
        var definition = Parse(upstreamDefinition);
        definition["name"] = tool.Name;
        Set(definition, "title", tool.DisplayName);
        Set(definition, "description", tool.Description);
        definition["inputSchema"] = ParseNode(tool.InputSchema) ?? new JsonObject { ["type"] = "object" };
        definition["outputSchema"] = ParseNode(tool.OutputSchema);
        definition["annotations"] = ParseNode(tool.Annotations);
        RemoveNulls(definition);
        return new ExposedTool(tool.Id, Scope(tool), tool.GatewayId, tool.OriginalName.Length > 0 ? tool.OriginalName : tool.Name,
            definition.Deserialize<Protocol.Tool>(Json)!, Upstream(tool.GatewayId, gateways));
    }

    private static ExposedResource ToResource(Resource resource, string? upstreamDefinition, Dictionary<string, Gateway> gateways)
    {
        var definition = Parse(upstreamDefinition);
        definition["name"] = resource.Name;
        Set(definition, "description", resource.Description);
        Set(definition, "mimeType", resource.MimeType);
        RemoveNulls(definition);
        var upstream = Upstream(resource.GatewayId, gateways);
        if (resource.UriTemplate is { Length: > 0 } template)
        {
            definition["uriTemplate"] = template;
            definition.Remove("uri");
            definition.Remove("size");
            return new ExposedResource(resource.Id, Scope(resource), template, null, definition.Deserialize<Protocol.ResourceTemplate>(Json),
                UriTemplateMatcher.Create(template), resource.Content, upstream);
        }
        definition["uri"] = resource.Uri;
        if (resource.Size is { } size)
        {
            definition["size"] = size;
        }
        return new ExposedResource(resource.Id, Scope(resource), resource.Uri, definition.Deserialize<Protocol.Resource>(Json), null, null, resource.Content, upstream);
    }

    private static ExposedPrompt ToPrompt(Prompt prompt, string? upstreamDefinition, string? originalName, Dictionary<string, Gateway> gateways)
    {
        var definition = Parse(upstreamDefinition);
        definition["name"] = prompt.Name;
        Set(definition, "description", prompt.Description);
        if (upstreamDefinition is null)
        {
            definition["arguments"] = ParseNode(prompt.Arguments);
        }
        RemoveNulls(definition);
        return new ExposedPrompt(prompt.Id, Scope(prompt), originalName ?? prompt.Name, definition.Deserialize<Protocol.Prompt>(Json)!,
            prompt.Template, Upstream(prompt.GatewayId, gateways));
    }

    private static JsonObject Parse(string? json) => ParseNode(json) as JsonObject ?? [];

    private static JsonNode? ParseNode(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Set(JsonObject definition, string property, string? value)
    {
        if (value is not null)
        {
            definition[property] = value;
        }
    }

    private static void RemoveNulls(JsonObject definition)
    {
        foreach (var property in definition.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            definition.Remove(property);
        }
    }
}
