using System.Diagnostics;
using MassTransit;
using MassTransit.Mediator;
using Microsoft.Data.Sqlite;
using McpGateway.ServiceDefaults.Messaging.Leases;
using McpGateway.ServiceDefaults.Messaging.Parking;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace McpGateway.ServiceDefaults.Messaging.Transport.Local;

/// <summary>
/// Reads this service's queue in the local bus and delivers each message to its MassTransit consumers through the
/// mediator (the same <c>IConsumer&lt;T&gt;</c> classes, DI scope and filters as on RabbitMQ), one at a time in queue
/// order; a message leaves the queue once consumed (applied, skipped as a duplicate, or parked by the consumer filter).
/// A delivery that still throws (the service's database unreachable while parking) stays at the head and is tried
/// again with backoff, so nothing is dropped and nothing overtakes it.
/// Replicas share the queue through a lease: one reads, the others stand by and take over when it stops or dies.
/// Woken by changes to the bus file, with <see cref="MessagingSettings.PollInterval"/> as a backstop.
/// </summary>
public sealed class LocalBusReceiver(
    LocalBus bus,
    IMediator mediator,
    IServiceScopeFactory scopes,
    IReadOnlyCollection<string> subscribedTypes,
    MessagingSettings settings,
    TimeProvider time,
    ILogger<LocalBusReceiver> logger) : BackgroundService
{
    private const int BatchSize = 100;
    private readonly string _holder = LeaseHolder.Create();
    private DateTime _leaseUntil;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private FileSystemWatcher? _watcher;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Registered before the service serves, so nothing published from now on misses this queue. A bus that cannot
        // be written now (locked, unreadable) must not keep the service from starting: nobody can publish to it either,
        // and the receiver registers as soon as it can.
        try
        {
            await SubscribeAsync(cancellationToken);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Cannot register queue {Queue} in the local bus {File} yet ({Reason}); retrying in the background", settings.Queue, bus.File, e.Message);
        }
        _watcher = WatchBusFile();
        await base.StartAsync(cancellationToken);
    }

    private bool _subscribed;

    private async Task SubscribeAsync(CancellationToken cancellationToken)
    {
        await bus.SubscribeAsync(settings.Queue, subscribedTypes, cancellationToken);
        _subscribed = true;
        logger.LogInformation("Local bus {File}: queue {Queue} takes {Types}", bus.File, settings.Queue,
            string.Join(", ", subscribedTypes.Select(t => t[(t.LastIndexOf('.') + 1)..])));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                if (!_subscribed)
                {
                    await SubscribeAsync(stoppingToken);
                }
                wait = await ReceiveAsync(stoppingToken);
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The bus file itself is unavailable (locked, unreadable): back off and try again.
                failures++;
                wait = settings.RetryDelay(failures);
                logger.Log(failures == 1 ? LogLevel.Warning : LogLevel.Debug, e, "Cannot read queue {Queue} from the local bus (attempt {Attempt}); retrying in {Delay} ms: {Reason}",
                    settings.Queue, failures, (int)wait.TotalMilliseconds, e.Message);
            }
            try
            {
                await _wake.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        try
        {
            await bus.ReleaseLeaseAsync(settings.Queue, _holder, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogDebug(e, "Could not release the lease on queue {Queue}; it expires by itself", settings.Queue);
        }
    }

    /// <summary>Delivers what it can; returns how long to wait before looking again.</summary>
    private async Task<TimeSpan> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (!await HoldLeaseAsync(cancellationToken))
            {
                return settings.PollInterval; // another replica reads the queue
            }
            var batch = await bus.PeekAsync(settings.Queue, BatchSize, cancellationToken);
            if (batch.Count == 0)
            {
                return settings.PollInterval;
            }
            // Removed together after the batch (one write): a crash before that redelivers them, and the inbox skips them.
            var completed = new List<long>(batch.Count);
            try
            {
                foreach (var queued in batch)
                {
                    var now = time.GetUtcNow().UtcDateTime;
                    if (queued.NotBefore > now)
                    {
                        return queued.NotBefore - now; // the head is backing off; nothing may overtake it
                    }
                    if (!await HoldLeaseAsync(cancellationToken))
                    {
                        return settings.PollInterval;
                    }
                    if (!await DeliverAsync(queued, cancellationToken))
                    {
                        return TimeSpan.Zero;
                    }
                    completed.Add(queued.Sequence);
                }
            }
            finally
            {
                await bus.CompleteAsync(completed, CancellationToken.None);
            }
        }
    }

    /// <summary>Takes or renews the queue lease, writing only when less than half of it is left.</summary>
    private async Task<bool> HoldLeaseAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (_leaseUntil - now > settings.LeaseDuration / 2)
        {
            return true;
        }
        if (await bus.TryLeaseAsync(settings.Queue, _holder, settings.LeaseDuration, cancellationToken))
        {
            _leaseUntil = now + settings.LeaseDuration;
            return true;
        }
        _leaseUntil = DateTime.MinValue;
        return false;
    }

    /// <summary>True when the message was consumed (or parked), false when it must be tried again.</summary>
    private async Task<bool> DeliverAsync(QueuedMessage queued, CancellationToken cancellationToken)
    {
        var message = queued.Message;
        if (!subscribedTypes.Contains(message.Type))
        {
            logger.LogWarning("Queue {Queue} holds a {Type} ({MessageId}) that no consumer here takes any more; skipped", settings.Queue, message.Type, message.MessageId);
            return true;
        }
        object integrationEvent;
        try
        {
            integrationEvent = IntegrationEventSerializer.Deserialize(message.Type, message.Payload);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or UnknownIntegrationEventException or NotSupportedException)
        {
            // No consumer can ever be given it: parked at once (visible and retryable), so the queue moves on.
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IParkedMessages>().ParkUndeliverableAsync(message, queued.Attempts + 1, e, cancellationToken);
            return true;
        }

        // Keeps the whole consume (retries included) under the lease: a long one must not hand the queue to another replica.
        using var renewal = new CancellationTokenSource();
        var keepLease = KeepLeaseAsync(renewal.Token);
        try
        {
            await mediator.Send(integrationEvent, integrationEvent.GetType(), Pipe.Execute<SendContext>(context =>
            {
                context.MessageId = Guid.TryParse(message.MessageId, out var id) ? id : NewId.NextGuid();
                context.Headers.Set(IntegrationEventHeaders.OccurredAt, message.OccurredAt.ToString("O"));
            }), cancellationToken);
            return true;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            await FailAsync(queued, e, cancellationToken);
            return false;
        }
        finally
        {
            await renewal.CancelAsync();
            await keepLease;
        }
    }

    private async Task FailAsync(QueuedMessage queued, Exception e, CancellationToken cancellationToken)
    {
        var attempts = queued.Attempts + 1;
        var notBefore = time.GetUtcNow().UtcDateTime + settings.RetryDelay(attempts);
        logger.LogError(e, "Delivering {Type} {MessageId} from queue {Queue} failed (attempt {Attempt}); it stays at the head and is tried again at {NotBefore:O}",
            queued.Message.Type, queued.Message.MessageId, settings.Queue, attempts, notBefore);
        await bus.FailAsync(queued.Sequence, $"{e.GetType().Name}: {e.Message}", notBefore, cancellationToken);
    }

    private async Task KeepLeaseAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(settings.LeaseDuration / 3, time, cancellationToken);
                var renewedAt = time.GetUtcNow().UtcDateTime;
                if (await bus.TryLeaseAsync(settings.Queue, _holder, settings.LeaseDuration, CancellationToken.None))
                {
                    _leaseUntil = renewedAt + settings.LeaseDuration;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not renew the lease on queue {Queue}", settings.Queue);
        }
    }

    /// <summary>Any write to the bus file (a publish by any service) wakes the receiver; polling remains the backstop.</summary>
    private FileSystemWatcher? WatchBusFile()
    {
        try
        {
            var watcher = new FileSystemWatcher(Path.GetDirectoryName(bus.File)!, Path.GetFileName(bus.File) + "*")
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName,
            };
            _lookAgain = LookAgainAfter.Select(_ => new Timer(_ => Wake())).ToArray();
            watcher.Changed += (_, _) => OnBusFileChanged();
            watcher.Created += (_, _) => OnBusFileChanged();
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException)
        {
            logger.LogWarning("Cannot watch {File} ({Reason}); the queue is polled every {Interval} s", bus.File, e.Message, settings.PollInterval.TotalSeconds);
            return null;
        }
    }

    // A write's file event can arrive before its transaction is visible (SQLite publishes a commit in the shared-memory
    // index after writing and syncing the log, and that makes no event): look again shortly after the last event.
    private static readonly TimeSpan[] LookAgainAfter = [TimeSpan.FromMilliseconds(30), TimeSpan.FromMilliseconds(300)];
    private Timer[]? _lookAgain;

    private void OnBusFileChanged()
    {
        Wake();
        try
        {
            for (var i = 0; i < LookAgainAfter.Length; i++)
            {
                _lookAgain![i].Change(LookAgainAfter[i], Timeout.InfiniteTimeSpan);
            }
        }
        catch (ObjectDisposedException)
        {
            // The watcher's thread can still deliver an event after Dispose: the receiver is stopping, nothing to look
            // at again. Thrown on that thread, the exception would end the process (seen as a producer exiting 134).
        }
    }

    private void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
        }
    }

    public override void Dispose()
    {
        _watcher?.Dispose();
        foreach (var timer in _lookAgain ?? [])
        {
            timer.Dispose();
        }
        base.Dispose();
    }
}
