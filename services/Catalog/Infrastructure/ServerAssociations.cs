using McpGateway.Catalog.Apis;
using McpGateway.Catalog.Model;
using McpGateway.Catalog.Security;
using McpGateway.ServiceDefaults.Http;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Catalog.Infrastructure;

/// <summary>
/// A virtual server's tools, resources and prompts (the `server_*_association` tables), always through the caller's
/// eyes: listing shows only members the caller may see, and replacing a list keeps the members they cannot see (they
/// can neither learn of them nor remove them).
/// </summary>
public sealed class ServerAssociations(CatalogContext db, CatalogAccess access)
{
    public const string ToolsTable = "server_tool_association";
    public const string ResourcesTable = "server_resource_association";
    public const string PromptsTable = "server_prompt_association";

    /// <summary>The visible members of each server, by server id.</summary>
    public async Task<Dictionary<string, ServerMembers>> VisibleMembersAsync(IReadOnlyCollection<string> serverIds, CancellationToken cancellationToken)
    {
        var tools = await VisibleAsync<Tool>(ToolsTable, "tool_id", serverIds, cancellationToken);
        var resources = await VisibleAsync<Resource>(ResourcesTable, "resource_id", serverIds, cancellationToken);
        var prompts = await VisibleAsync<Prompt>(PromptsTable, "prompt_id", serverIds, cancellationToken);
        return serverIds.ToDictionary(id => id, id => new ServerMembers(
            tools.GetValueOrDefault(id, []), resources.GetValueOrDefault(id, []), prompts.GetValueOrDefault(id, [])));
    }

    public async Task<ServerMembers> VisibleMembersAsync(string serverId, CancellationToken cancellationToken) =>
        (await VisibleMembersAsync([serverId], cancellationToken))[serverId];

    /// <summary>
    /// The new member list: the requested ids (each must exist and be visible, else 404 as if it did not exist) plus the
    /// current members the caller cannot see. Null <paramref name="requested"/> keeps <paramref name="current"/>.
    /// </summary>
    public async Task<List<T>> ReplaceAsync<T>(List<T> current, IReadOnlyList<string?>? requested, EntityKind kind, CancellationToken cancellationToken)
        where T : CatalogEntity
    {
        if (requested is null)
        {
            return current;
        }
        var ids = requested.Select(id => Fields.Id($"associated_{kind.Plural}", id)).Distinct(StringComparer.Ordinal).ToList();
        var found = await db.Set<T>().Where(e => ids.Contains(e.Id)).ToListAsync(cancellationToken);
        foreach (var id in ids)
        {
            if (found.FirstOrDefault(e => e.Id == id) is not { } member || !access.CanSee(member))
            {
                throw CatalogAccess.NotFound(kind.Singular, id);
            }
        }
        return [.. found, .. current.Where(e => !access.CanSee(e) && !ids.Contains(e.Id))];
    }

    /// <summary>409 when the server would serve two tools (or prompts) under one name (<see cref="ExposedNames"/>).</summary>
    public void RequireDistinctNames(Server server) => ExposedNames.RequireDistinct(db, server);

    /// <summary>The server's members of one kind that the caller may see, for `GET /servers/{id}/tools` and the like.</summary>
    public IQueryable<T> VisibleOf<T>(string serverId, string table, string memberKey, bool includeInactive) where T : CatalogEntity
    {
        var memberIds = db.Set<Dictionary<string, object>>(table)
            .Where(j => (string)j["server_id"] == serverId)
            .Select(j => (string)j[memberKey]);
        var members = db.Set<T>().AsNoTracking().Where(access.Visible<T>()).Where(e => memberIds.Contains(e.Id));
        return includeInactive ? members : members.Where(e => e.Enabled);
    }

    private async Task<Dictionary<string, List<string>>> VisibleAsync<T>(string table, string memberKey, IReadOnlyCollection<string> serverIds,
        CancellationToken cancellationToken) where T : CatalogEntity
    {
        var ids = serverIds.ToList();
        var pairs = await db.Set<Dictionary<string, object>>(table)
            .Where(j => ids.Contains((string)j["server_id"]))
            .Select(j => new { Server = (string)j["server_id"], Member = (string)j[memberKey] })
            .ToListAsync(cancellationToken);
        if (pairs.Count == 0)
        {
            return [];
        }
        var memberIds = pairs.Select(p => p.Member).Distinct().ToList();
        var visible = (await db.Set<T>().Where(access.Visible<T>()).Where(e => memberIds.Contains(e.Id)).Select(e => e.Id).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        return pairs.Where(p => visible.Contains(p.Member)).GroupBy(p => p.Server)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Member).Order(StringComparer.Ordinal).ToList());
    }
}
