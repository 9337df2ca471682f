using System.Text.Json;
using McpGateway.Catalog.Federation.Persistence;
using McpGateway.Catalog.Infrastructure;
using McpGateway.Catalog.Model;
using Microsoft.EntityFrameworkCore;
using ModelContextProtocol;
using Protocol = ModelContextProtocol.Protocol;

namespace McpGateway.Catalog.Federation;

/// <summary>
/// Makes a gateway's stored tools, resources, resource templates and prompts match what its upstream offers now:
/// new ones are added (owned like their gateway: its team, owner and visibility), changed ones updated, vanished
/// ones removed. Tools and prompts are named `{gateway slug}{separator}{upstream name}`, so two upstreams never
/// collide in a virtual server; resources keep their URIs. Changes are only staged: the caller saves.
/// </summary>
internal sealed class DiscoverySync(CatalogContext db, FederationSettings settings)
{
    private static readonly JsonSerializerOptions Json = McpJsonUtilities.DefaultOptions;

    public int Added { get; private set; }
    public int Updated { get; private set; }
    public int Removed { get; private set; }

    public async Task ApplyAsync(Gateway gateway, UpstreamInventory inventory, CancellationToken cancellationToken)
    {
        await SyncToolsAsync(gateway, inventory.Tools, cancellationToken);
        await SyncResourcesAsync(gateway, inventory, cancellationToken);
        await SyncPromptsAsync(gateway, inventory.Prompts, cancellationToken);
    }

    private async Task SyncToolsAsync(Gateway gateway, IReadOnlyList<Protocol.Tool> upstream, CancellationToken cancellationToken)
    {
        var stored = await db.Tools.Where(t => t.GatewayId == gateway.Id).ToDictionaryAsync(t => t.OriginalName, StringComparer.Ordinal, cancellationToken);
        foreach (var tool in upstream.DistinctBy(t => t.Name))
        {
            var definition = JsonSerializer.Serialize(tool, Json);
            if (!stored.Remove(tool.Name, out var entity))
            {
                entity = Owned(new Tool { OriginalName = tool.Name, Name = settings.ExposedName(gateway, tool.Name), IntegrationType = "MCP" }, gateway);
                db.Tools.Add(entity);
                Added++;
            }
            else if (db.UpstreamDefinitionOf(entity) == definition && entity.Name == settings.ExposedName(gateway, tool.Name))
            {
                continue;
            }
            else
            {
                Updated++;
            }
            entity.Name = settings.ExposedName(gateway, tool.Name);
            entity.DisplayName = tool.Title;
            entity.Description = tool.Description;
            entity.InputSchema = tool.InputSchema.GetRawText();
            entity.OutputSchema = tool.OutputSchema?.GetRawText();
            entity.Annotations = tool.Annotations is null ? null : JsonSerializer.Serialize(tool.Annotations, Json);
            entity.Url = gateway.Url;
            entity.UpdatedAt = DateTime.UtcNow;
            db.SetUpstreamDefinition(entity, definition);
        }
        Remove(db.Tools, stored.Values);
    }

    private async Task SyncResourcesAsync(Gateway gateway, UpstreamInventory inventory, CancellationToken cancellationToken)
    {
        var stored = await db.Resources.Where(r => r.GatewayId == gateway.Id).ToDictionaryAsync(r => r.Uri, StringComparer.Ordinal, cancellationToken);
        var offered = inventory.Resources.DistinctBy(r => r.Uri)
            .Select(r => (Uri: r.Uri, Template: (string?)null, r.Name, r.Description, r.MimeType, r.Size, Definition: JsonSerializer.Serialize(r, Json)))
            .Concat(inventory.ResourceTemplates.DistinctBy(t => t.UriTemplate)
                .Select(t => (Uri: t.UriTemplate, Template: (string?)t.UriTemplate, t.Name, t.Description, t.MimeType, Size: (long?)null, Definition: JsonSerializer.Serialize(t, Json))))
            .DistinctBy(r => r.Uri);
        foreach (var resource in offered)
        {
            if (!stored.Remove(resource.Uri, out var entity))
            {
                entity = Owned(new Resource { Uri = resource.Uri }, gateway);
                db.Resources.Add(entity);
                Added++;
            }
            else if (db.UpstreamDefinitionOf(entity) == resource.Definition)
            {
                continue;
            }
            else
            {
                Updated++;
            }
            entity.Name = resource.Name;
            entity.UriTemplate = resource.Template;
            entity.Description = resource.Description;
            entity.MimeType = resource.MimeType;
            entity.Size = resource.Size;
            entity.UpdatedAt = DateTime.UtcNow;
            db.SetUpstreamDefinition(entity, resource.Definition);
        }
        Remove(db.Resources, stored.Values);
    }

    private async Task SyncPromptsAsync(Gateway gateway, IReadOnlyList<Protocol.Prompt> upstream, CancellationToken cancellationToken)
    {
        var stored = (await db.Prompts.Where(p => p.GatewayId == gateway.Id).ToListAsync(cancellationToken))
            .ToDictionary(p => db.Entry(p).Property<string?>(FederatedColumns.OriginalName).CurrentValue ?? p.Name, StringComparer.Ordinal);
        foreach (var prompt in upstream.DistinctBy(p => p.Name))
        {
            var definition = JsonSerializer.Serialize(prompt, Json);
            if (!stored.Remove(prompt.Name, out var entity))
            {
                entity = Owned(new Prompt(), gateway);
                db.Prompts.Add(entity);
                db.Entry(entity).Property<string?>(FederatedColumns.OriginalName).CurrentValue = prompt.Name;
                Added++;
            }
            else if (db.UpstreamDefinitionOf(entity) == definition && entity.Name == settings.ExposedName(gateway, prompt.Name))
            {
                continue;
            }
            else
            {
                Updated++;
            }
            entity.Name = settings.ExposedName(gateway, prompt.Name);
            entity.Description = prompt.Description;
            entity.Arguments = JsonSerializer.Serialize(
                (prompt.Arguments ?? []).Select(a => new { name = a.Name, description = a.Description, required = a.Required ?? false }));
            entity.UpdatedAt = DateTime.UtcNow;
            db.SetUpstreamDefinition(entity, definition);
        }
        Remove(db.Prompts, stored.Values);
    }

    private void Remove<T>(DbSet<T> set, ICollection<T> vanished) where T : class
    {
        set.RemoveRange(vanished);
        Removed += vanished.Count;
    }

    private static T Owned<T>(T entity, Gateway gateway) where T : CatalogEntity
    {
        entity.GatewayId(gateway.Id);
        entity.TeamId = gateway.TeamId;
        entity.OwnerEmail = gateway.OwnerEmail;
        entity.Visibility = gateway.Visibility;
        entity.CreatedBy = "federation";
        entity.Tags = [.. gateway.Tags];
        return entity;
    }
}

internal static class GatewayMembership
{
    /// <summary>Sets the gateway a discovered tool, resource or prompt belongs to.</summary>
    public static void GatewayId(this CatalogEntity entity, string gatewayId)
    {
        switch (entity)
        {
            case Tool tool: tool.GatewayId = gatewayId; break;
            case Resource resource: resource.GatewayId = gatewayId; break;
            case Prompt prompt: prompt.GatewayId = gatewayId; break;
        }
    }
}
