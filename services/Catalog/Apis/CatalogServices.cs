using McpGateway.Catalog.Model;
using Microsoft.EntityFrameworkCore;
using McpGateway.Catalog.Infrastructure;
using McpGateway.Catalog.Security;
using McpGateway.Catalog.Tenancy;

namespace McpGateway.Catalog.Apis;

/// <summary>What every catalog endpoint works with, bundled for `[AsParameters]`.</summary>
public sealed record CatalogServices(
    CatalogContext Db,
    CatalogAccess Access,
    EntityQueries Queries,
    Placement Placement,
    CredentialVault Vault,
    CatalogChanges Changes,
    TimeProvider Time)
{
    public DateTime Now => Time.GetUtcNow().UtcDateTime;

    /// <summary>Deletes an entity the caller can see (404 otherwise) and may delete in its team (403 otherwise).</summary>
    public async Task DeleteAsync<T>(DbSet<T> set, EntityKind kind, string id, CancellationToken cancellationToken) where T : CatalogEntity
    {
        var entity = await Queries.FindVisibleAsync(set, kind, id, cancellationToken);
        Access.Require(kind.Delete, entity.TeamId);
        set.Remove(entity);
        await Db.SaveChangesAsync(cancellationToken);
        Changes.Publish(kind, entity.Id, deleted: true);
    }

    /// <summary>Activates (the default) or deactivates an entity the caller can see and may update.</summary>
    public async Task<T> ToggleAsync<T>(DbSet<T> set, EntityKind kind, string id, bool? activate, CancellationToken cancellationToken) where T : CatalogEntity
    {
        var entity = await Queries.FindVisibleAsync(set, kind, id, cancellationToken);
        Access.Require(kind.Update, entity.TeamId);
        entity.Enabled = activate ?? true;
        entity.UpdatedAt = Now;
        await Db.SaveChangesAsync(cancellationToken);
        Changes.Publish(kind, entity.Id);
        return entity;
    }
}
