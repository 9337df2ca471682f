using System.Data.Common;
using System.Runtime.CompilerServices;
using McpGateway.Catalog.Model;
using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Messaging;
using McpGateway.ServiceDefaults.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace McpGateway.Catalog.Mcp.Views;

/// <summary>
/// Notices every SaveChanges that adds, changes or removes catalog entities or a virtual server's associations -
/// whoever makes it (the catalog API, discovery, an import) - and, in the same transaction, stages a
/// <see cref="CatalogChanged"/> event and gives <see cref="CatalogRevision"/> a new value; once it commits, this
/// replica's <see cref="CatalogViews"/> is invalidated at once (other replicas notice the revision). Discovery's
/// bookkeeping alone (last seen, last refreshed, reachability) is not a change of what is served.
/// Bulk `ExecuteUpdate`/`ExecuteDelete` bypass interceptors: the periodic revision check covers them within its period.
/// </summary>
public sealed class CatalogChangeInterceptor(CatalogViews views, OutboxSignal outbox) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly HashSet<string> Bookkeeping = new(StringComparer.Ordinal)
    {
        nameof(Gateway.LastSeenAt), nameof(Gateway.LastRefreshedAt), nameof(Gateway.Reachable), nameof(Gateway.Capabilities), nameof(CatalogEntity.UpdatedAt),
    };

    private static readonly Dictionary<string, string> AssociationKinds = new(StringComparer.Ordinal)
    {
        ["server_tool_association"] = "servers",
        ["server_resource_association"] = "servers",
        ["server_prompt_association"] = "servers",
    };

    private readonly ConditionalWeakTable<DbContext, object> _saving = [];
    private readonly ConditionalWeakTable<DbTransaction, object> _uncommitted = [];

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } context && Stage(context) is { } revision)
        {
            ApplyRevision(context, context.Set<CatalogRevision>().Find(CatalogRevision.SingletonId), revision);
        }
        return result;
    }

    public async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && Stage(context) is { } revision)
        {
            ApplyRevision(context, await context.Set<CatalogRevision>().FindAsync([CatalogRevision.SingletonId], cancellationToken), revision);
        }
        return result;
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(transaction);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(transaction);
        return Task.CompletedTask;
    }

    /// <summary>The kinds changed in this SaveChanges, staged as an event; null when nothing served changed.</summary>
    private string? Stage(DbContext context)
    {
        var kinds = context.ChangeTracker.Entries().Select(KindOf).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (kinds.Count == 0)
        {
            return null;
        }
        context.AddIntegrationEvent(new CatalogChanged(kinds));
        _saving.AddOrUpdate(context, kinds);
        return Guid.NewGuid().ToString("N");
    }

    private static void ApplyRevision(DbContext context, CatalogRevision? row, string revision)
    {
        if (row is null)
        {
            context.Set<CatalogRevision>().Add(new CatalogRevision { Revision = revision, ChangedAt = DateTime.UtcNow });
        }
        else
        {
            row.Revision = revision;
            row.ChangedAt = DateTime.UtcNow;
        }
    }

    private static string? KindOf(EntityEntry entry)
    {
        if (entry.State is not (EntityState.Added or EntityState.Deleted or EntityState.Modified))
        {
            return null;
        }
        if (entry.Entity is Dictionary<string, object> && entry.Metadata.GetTableName() is { } table && AssociationKinds.TryGetValue(table, out var association))
        {
            return association;
        }
        if (entry.Entity is not CatalogEntity)
        {
            return null;
        }
        if (entry.State == EntityState.Modified && entry.Properties.Where(p => p.IsModified).All(p => Bookkeeping.Contains(p.Metadata.Name)))
        {
            return null;
        }
        return entry.Metadata.GetTableName();
    }

    private void Saved(DbContext? context)
    {
        if (context is null || !_saving.TryGetValue(context, out var staged))
        {
            return;
        }
        _saving.Remove(context);
        if (context.Database.CurrentTransaction?.GetDbTransaction() is { } transaction)
        {
            _uncommitted.AddOrUpdate(transaction, staged);
        }
        else
        {
            Changed();
        }
    }

    private void Forget(DbContext? context)
    {
        if (context is not null)
        {
            _saving.Remove(context);
        }
    }

    private void Committed(DbTransaction transaction)
    {
        if (_uncommitted.TryGetValue(transaction, out _))
        {
            _uncommitted.Remove(transaction);
            Changed();
        }
    }

    private void Changed()
    {
        views.Invalidate();
        // The event was staged after the outbox's own interceptor looked: wake the relay ourselves.
        outbox.Notify();
    }
}
