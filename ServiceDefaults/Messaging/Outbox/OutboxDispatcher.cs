using System.Diagnostics;
using McpGateway.ServiceDefaults.Messaging.Leases;
using McpGateway.ServiceDefaults.Messaging.Transport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace McpGateway.ServiceDefaults.Messaging.Outbox;

/// <summary>
/// The outbox relay: hands pending events to the transport in <see cref="OutboxMessage.Sequence"/> order, then marks
/// them dispatched. It runs in every replica, but only the holder of the relay lease (<see cref="OutboxLease"/>)
/// relays, so events leave in commit order; the lease is released when the outbox is empty (the next replica with
/// work takes it at once) and expires if its holder dies (its unmarked batch is sent again: at least once).
/// Woken by <see cref="OutboxSignal"/> after a local commit; polls every <see cref="MessagingSettings.PollInterval"/>
/// for work committed elsewhere; a failing transport is retried with exponential backoff.
/// </summary>
public sealed class OutboxDispatcher<TContext>(
    IServiceScopeFactory scopes,
    IMessageTransport transport,
    OutboxSignal signal,
    MessagingSettings settings,
    MessagingMetrics metrics,
    TimeProvider time,
    ILogger<OutboxDispatcher<TContext>> logger) : BackgroundService where TContext : DbContext
{
    private enum Round { Empty, More, LeaseBusy }

    /// <summary>How soon to ask again for a lease another replica holds, when this one has work waiting.</summary>
    private static readonly TimeSpan BusyLeaseRetry = TimeSpan.FromMilliseconds(50);

    /// <summary>How long the relay keeps an idle lease, so a burst of commits costs no lease write per round.</summary>
    private static readonly TimeSpan IdleRelease = TimeSpan.FromMilliseconds(200);

    private readonly string _holder = LeaseHolder.Create();
    private DateTime _leaseUntil;
    private DateTime _nextBacklogReading;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var failures = 0;
        var workWaiting = true; // events may have been committed before this process started
        DateTime? busySince = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            Round round;
            try
            {
                round = await RelayBatchAsync(stoppingToken);
                if (failures > 0)
                {
                    logger.LogInformation("The outbox relay reaches the transport again after {Failures} failed attempts", failures);
                }
                failures = 0;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                failures++;
                var delay = settings.RetryDelay(failures);
                logger.Log(failures == 1 ? LogLevel.Warning : LogLevel.Debug, e,
                    "The outbox relay failed (attempt {Attempt}); retrying in {Delay} ms: {Reason}", failures, (int)delay.TotalMilliseconds, e.Message);
                await Task.Delay(delay, time, stoppingToken);
                continue;
            }
            catch (OperationCanceledException)
            {
                break;
            }

            if (round == Round.More)
            {
                continue;
            }
            if (round == Round.LeaseBusy && workWaiting)
            {
                // Another replica relays now. Our rows are behind its batch; if it releases the lease before reaching
                // them, this replica takes it within a moment. Give up waiting after one lease period: by then it saw them.
                busySince ??= time.GetUtcNow().UtcDateTime;
                if (time.GetUtcNow().UtcDateTime - busySince < settings.LeaseDuration)
                {
                    await Task.Delay(BusyLeaseRetry, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                    continue;
                }
            }
            busySince = null;
            workWaiting = false;
            try
            {
                // Idle: keep the lease a moment for the next commit, then let another replica with work have it.
                if (_leaseUntil > DateTime.MinValue && !(workWaiting = await signal.WaitAsync(IdleRelease, stoppingToken)))
                {
                    await ReleaseLeaseAsync();
                }
                if (!workWaiting)
                {
                    workWaiting = await signal.WaitAsync(settings.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        await ReleaseLeaseAsync();
    }

    private async Task<Round> RelayBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        await ReadBacklogIfDueAsync(db, cancellationToken);
        if (!await TryAcquireLeaseAsync(db, cancellationToken))
        {
            return Round.LeaseBusy;
        }

        var batch = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.DispatchedAt == null)
            .OrderBy(m => m.Sequence)
            .Take(settings.BatchSize)
            .ToListAsync(cancellationToken);
        if (batch.Count == 0)
        {
            metrics.OutboxBacklog(0, TimeSpan.Zero);
            return Round.Empty;
        }

        using var activity = MessagingMetrics.ActivitySource.StartActivity("outbox relay", ActivityKind.Producer);
        activity?.SetTag("messaging.batch.message_count", batch.Count);
        activity?.SetTag("messaging.system", settings.Transport == MessagingTransport.RabbitMq ? "rabbitmq" : "local");
        try
        {
            await transport.PublishAsync(batch.Select(m => new TransportMessage(m.MessageId, m.Type, m.Payload, m.OccurredAt)).ToList(), cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            var head = batch[0].Sequence;
            var error = $"{e.GetType().Name}: {e.Message}";
            await db.Set<OutboxMessage>().Where(m => m.Sequence == head)
                .ExecuteUpdateAsync(set => set.SetProperty(m => m.Attempts, m => m.Attempts + 1).SetProperty(m => m.LastError, error), CancellationToken.None);
            throw;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var sequences = batch.Select(m => m.Sequence).ToList();
        // By sequence, never by range: a row with a sequence inside the batch that committed after it was read was not sent.
        await db.Set<OutboxMessage>().Where(m => sequences.Contains(m.Sequence))
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.DispatchedAt, now), CancellationToken.None);
        metrics.Relayed(batch.Count);
        logger.LogDebug("Relayed {Count} events ({First}..{Last})", batch.Count, sequences[0], sequences[^1]);
        return Round.More;
    }

    /// <summary>Takes or renews the relay lease: free, expired, already ours, or left by a process of this host that is gone.</summary>
    private async Task<bool> TryAcquireLeaseAsync(TContext db, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (_leaseUntil - now > settings.LeaseDuration / 2)
        {
            return true; // held, with time to spare: no write
        }
        var until = now + settings.LeaseDuration;
        if (await TryTakeLeaseAsync(db, now, until, cancellationToken))
        {
            _leaseUntil = until;
            return true;
        }
        _leaseUntil = DateTime.MinValue;
        return false;
    }

    private async Task<bool> TryTakeLeaseAsync(TContext db, DateTime now, DateTime until, CancellationToken cancellationToken)
    {
        var leases = db.Set<OutboxLease>();
        if (await leases.Where(l => l.Name == OutboxLease.Relay && (l.Holder == _holder || l.Holder == "" || l.ExpiresAt < now))
                .ExecuteUpdateAsync(set => set.SetProperty(l => l.Holder, _holder).SetProperty(l => l.ExpiresAt, until), cancellationToken) == 1)
        {
            return true;
        }
        var current = await leases.AsNoTracking().FirstOrDefaultAsync(l => l.Name == OutboxLease.Relay, cancellationToken);
        if (current is null)
        {
            leases.Add(new OutboxLease { Holder = _holder, ExpiresAt = until });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return true;
            }
            catch (DbUpdateException)
            {
                return false; // another replica created it first
            }
        }
        if (LeaseHolder.IsGone(current.Holder))
        {
            logger.LogInformation("Taking over the outbox relay lease of {Holder}, a process that is gone", current.Holder);
            return await leases.Where(l => l.Name == OutboxLease.Relay && l.Holder == current.Holder)
                .ExecuteUpdateAsync(set => set.SetProperty(l => l.Holder, _holder).SetProperty(l => l.ExpiresAt, until), cancellationToken) == 1;
        }
        return false;
    }

    private async Task ReleaseLeaseAsync()
    {
        if (_leaseUntil == DateTime.MinValue)
        {
            return;
        }
        _leaseUntil = DateTime.MinValue;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<TContext>().Set<OutboxLease>()
                .Where(l => l.Name == OutboxLease.Relay && l.Holder == _holder)
                .ExecuteUpdateAsync(set => set.SetProperty(l => l.Holder, "").SetProperty(l => l.ExpiresAt, time.GetUtcNow().UtcDateTime));
        }
        catch (Exception e)
        {
            logger.LogDebug(e, "Could not release the outbox relay lease; it expires by itself");
        }
    }

    /// <summary>The backlog gauges, read at most once a second whatever the traffic.</summary>
    private async Task ReadBacklogIfDueAsync(TContext db, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (now < _nextBacklogReading)
        {
            return;
        }
        _nextBacklogReading = now.AddSeconds(1);
        var pending = db.Set<OutboxMessage>().Where(m => m.DispatchedAt == null);
        var count = await pending.LongCountAsync(cancellationToken);
        var oldest = count == 0 ? (DateTime?)null : await pending.OrderBy(m => m.Sequence).Select(m => (DateTime?)m.OccurredAt).FirstOrDefaultAsync(cancellationToken);
        metrics.OutboxBacklog(count, oldest is { } at ? now - at : TimeSpan.Zero);
    }
}
