using McpGateway.Catalog.Model;

namespace McpGateway.Catalog.Infrastructure;

/// <summary>One committed change to the catalog: what kind, which entity, and whether it is gone.</summary>
public sealed record CatalogChange(EntityKind Kind, string Id, bool Deleted = false);

/// <summary>
/// Tells whoever caches catalog state in this process (the MCP endpoints' view of a virtual server, say) that an entity
/// changed, after the change committed. Subscribe to <see cref="Changed"/>; handlers run on the request's thread and
/// must be quick. Other replicas do not hear it: their caches need a lifetime of their own.
/// </summary>
public sealed class CatalogChanges
{
    public event Action<CatalogChange>? Changed;

    public void Publish(EntityKind kind, string id, bool deleted = false) => Changed?.Invoke(new CatalogChange(kind, id, deleted));

    /// <summary>Many entities at once (an import): one notice per kind with an empty id means "anything of this kind".</summary>
    public void PublishAll(EntityKind kind) => Changed?.Invoke(new CatalogChange(kind, ""));
}
