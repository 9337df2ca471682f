using System.Data.Common;
using System.Runtime.CompilerServices;
using McpGateway.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace McpGateway.ServiceDefaults.Messaging.Outbox;

/// <summary>
/// Once a SaveChanges that staged events is committed - right after it, or, inside an explicit transaction, when that
/// transaction commits - wakes the relay (<see cref="OutboxSignal"/>) and tells this process's
/// <see cref="ICommittedEventsObserver"/>s. Events saved in a transaction that is rolled back (or disposed without a
/// commit) are forgotten with it: they are kept per transaction object, not per (pooled) context.
/// </summary>
public sealed class OutboxInterceptor(OutboxSignal signal, IEnumerable<ICommittedEventsObserver> observers)
    : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ICommittedEventsObserver[] _observers = [.. observers];
    // Between SavingChanges and SavedChanges (or SaveChangesFailed) of one context.
    private readonly ConditionalWeakTable<DbContext, List<IntegrationEvent>> _saving = [];
    // Saved inside an explicit transaction that has not committed yet.
    private readonly ConditionalWeakTable<DbTransaction, List<IntegrationEvent>> _uncommitted = [];

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Stage(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Stage(eventData.Context);
        return ValueTask.FromResult(result);
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

    private void Stage(DbContext? context)
    {
        if (context is null)
        {
            return;
        }
        var events = context.ChangeTracker.Entries<OutboxMessage>()
            .Where(e => e.State == EntityState.Added)
            .Select(e => e.Entity.Event)
            .OfType<IntegrationEvent>()
            .ToList();
        if (events.Count > 0)
        {
            _saving.AddOrUpdate(context, events);
        }
    }

    private void Saved(DbContext? context)
    {
        if (context is null || !_saving.TryGetValue(context, out var events))
        {
            return;
        }
        _saving.Remove(context);
        if (context.Database.CurrentTransaction?.GetDbTransaction() is { } transaction)
        {
            _uncommitted.GetOrCreateValue(transaction).AddRange(events);
        }
        else
        {
            Publish(events);
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
        if (_uncommitted.TryGetValue(transaction, out var events))
        {
            _uncommitted.Remove(transaction);
            Publish(events);
        }
    }

    private void Publish(List<IntegrationEvent> events)
    {
        signal.Notify();
        foreach (var observer in _observers)
        {
            observer.OnCommitted(events);
        }
    }
}
