using McpGateway.Catalog.Federation;
using McpGateway.Catalog.Federation.Persistence;
using McpGateway.Catalog.Model;
using McpGateway.ServiceDefaults.Http;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Catalog.Infrastructure;

/// <summary>
/// The names a virtual server's tools and prompts are served under: the catalog's (prefixed by their gateway's slug) or,
/// with <see cref="Server.ExposeOriginalNames"/>, the names their upstreams give them. Either can be shared: names are
/// unique within a team (and gateway slugs too), not across teams, and two upstreams may name a tool alike. A server
/// must not hold two members of one kind under one name: its clients could reach only one of them.
/// </summary>
public static class ExposedNames
{
    /// <summary>A tool's upstream name (a tool registered directly has its own name as its upstream name).</summary>
    public static string Original(Tool tool) => tool.OriginalName.Length > 0 ? tool.OriginalName : tool.Name;

    /// <summary>A prompt's upstream name: what discovery recorded, else its own name.</summary>
    public static string Original(DbContext db, Prompt prompt) =>
        db.Entry(prompt).Property<string?>(FederatedColumns.OriginalName).CurrentValue ?? prompt.Name;

    /// <summary>
    /// 409 when two of <paramref name="server"/>'s tools (or prompts) would be served under one name; with
    /// <paramref name="changed"/>, only a name one of the changed members takes counts: the problem then names nothing
    /// but what the caller is changing, never another team's member (nor a clash the change did not cause).
    /// </summary>
    public static void RequireDistinct(DbContext db, Server server, Func<object, bool>? changed = null)
    {
        var original = server.ExposeOriginalNames;
        var clash = Shared("tools", server.Tools.Select(t => ((object)t, original ? Original(t) : t.Name)), changed)
            ?? Shared("prompts", server.Prompts.Select(p => ((object)p, original ? Original(db, p) : p.Name)), changed);
        if (clash is not { } shared)
        {
            return;
        }
        var (kind, name) = shared;
        throw ProblemException.Conflict(original
            ? $"With expose_original_names, two of the server's {kind} would both be named '{name}'. " +
              "Leave one of them out, or keep the prefixed names (expose_original_names: false)."
            : $"Two of the server's {kind} are both named '{name}' (they belong to different teams): its clients could reach only one. " +
              "Leave one of them out, or rename one.");
    }

    /// <summary>409 when renaming <paramref name="tool"/> (tracked, renamed, unsaved) makes it share a name in one of its servers.</summary>
    public static Task RequireDistinctAfterRenameAsync(CatalogContext db, Tool tool, CancellationToken cancellationToken) =>
        RequireDistinctInAsync(db, db.Servers.Where(s => s.Tools.Any(t => t.Id == tool.Id)), member => member == tool, cancellationToken);

    /// <summary>409 when renaming <paramref name="prompt"/> makes it share a name in one of its servers.</summary>
    public static Task RequireDistinctAfterRenameAsync(CatalogContext db, Prompt prompt, CancellationToken cancellationToken) =>
        RequireDistinctInAsync(db, db.Servers.Where(s => s.Prompts.Any(p => p.Id == prompt.Id)), member => member == prompt, cancellationToken);

    /// <summary>
    /// Gives <paramref name="gateway"/>'s tools and prompts the names its new slug makes (tracked, unsaved), then 409 when
    /// one of them would share a name in one of its servers. Done at once, and checked: the next discovery would otherwise
    /// rename them in the background, where nobody can be told.
    /// </summary>
    public static async Task RenameForSlugAsync(CatalogContext db, Gateway gateway, FederationSettings federation, CancellationToken cancellationToken)
    {
        foreach (var tool in await db.Tools.Where(t => t.GatewayId == gateway.Id).ToListAsync(cancellationToken))
        {
            tool.Name = federation.ExposedName(gateway, Original(tool));
            tool.UpdatedAt = gateway.UpdatedAt;
        }
        foreach (var prompt in await db.Prompts.Where(p => p.GatewayId == gateway.Id).ToListAsync(cancellationToken))
        {
            prompt.Name = federation.ExposedName(gateway, Original(db, prompt));
            prompt.UpdatedAt = gateway.UpdatedAt;
        }
        await RequireDistinctInAsync(db, db.Servers.Where(s => s.Tools.Any(t => t.GatewayId == gateway.Id) || s.Prompts.Any(p => p.GatewayId == gateway.Id)),
            member => member is Tool t && t.GatewayId == gateway.Id || member is Prompt p && p.GatewayId == gateway.Id, cancellationToken);
    }

    // The member being renamed is tracked, so the servers loaded here hold that instance, with its new name.
    private static async Task RequireDistinctInAsync(CatalogContext db, IQueryable<Server> servers, Func<object, bool> changed, CancellationToken cancellationToken)
    {
        foreach (var server in await servers.Include(s => s.Tools).Include(s => s.Prompts).ToListAsync(cancellationToken))
        {
            RequireDistinct(db, server, changed);
        }
    }

    private static (string Kind, string Name)? Shared(string kind, IEnumerable<(object Member, string Name)> members, Func<object, bool>? changed) =>
        members.GroupBy(m => m.Name, StringComparer.Ordinal)
            .FirstOrDefault(g => g.Count() > 1 && (changed is null || g.Any(m => changed(m.Member))))?.Key is { } name ? (kind, name) : null;
}
