using System.Data.Common;
using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Messaging.Parking;
using McpGateway.ServiceDefaults.Messaging.Transport;
using MassTransit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpGateway.ServiceDefaults.Messaging.Inbox;

/// <summary>
/// Wraps every consumer of every integration event (added by <see cref="IdempotentConsumersObserver{TContext}"/>, so no
/// consumer can go without it), on either transport:
/// <list type="number">
/// <item>one transaction in the service's database holds the inbox row (message id + consumer) and the consumer's
/// effect: a redelivered message finds its row and is skipped, so the effect is applied once;</item>
/// <item>a failure is retried with backoff, the message held in place so later ones stay behind it (order);</item>
/// <item>after <see cref="MessagingSettings.MaxAttempts"/> failures the message is parked (<see cref="ParkedMessage"/>)
/// and the queue moves on; a database that cannot be reached is waited for instead, without counting attempts.</item>
/// </list>
/// Consumers use the scope's DbContext and must not open transactions of their own; they may SaveChanges or not.
/// </summary>
public sealed class IdempotentConsumerFilter<TContext, TConsumer, TMessage>(MessagingSettings settings, MessagingMetrics metrics, TimeProvider time)
    : IFilter<ConsumerConsumeContext<TConsumer, TMessage>>
    where TContext : DbContext
    where TConsumer : class
    where TMessage : class
{
    private static readonly string ConsumerName = IntegrationEventConsumers.NameOf(typeof(TConsumer));
    private static readonly string TypeName = IntegrationEventTypes.NameOf(typeof(TMessage));

    public async Task Send(ConsumerConsumeContext<TConsumer, TMessage> context, IPipe<ConsumerConsumeContext<TConsumer, TMessage>> next)
    {
        var services = context.GetPayload<IServiceScope>().ServiceProvider;
        var db = services.GetRequiredService<TContext>();
        var logger = services.GetRequiredService<ILogger<IdempotentConsumerFilter<TContext, TConsumer, TMessage>>>();
        var messageId = MessageIdOf(context);
        var cancellationToken = context.CancellationToken;

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (await ApplyOnceAsync(db, messageId, () => next.Send(context), cancellationToken))
                {
                    metrics.Delivered(ConsumerName, TypeName, time.GetUtcNow().UtcDateTime - OccurredAt(context));
                }
                else
                {
                    metrics.Duplicate(ConsumerName, TypeName);
                    logger.LogDebug("{Consumer} already applied {Type} {MessageId}; skipped", ConsumerName, TypeName, messageId);
                }
                return;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                db.ChangeTracker.Clear();
                metrics.Failed(ConsumerName, TypeName);
                var transient = IsUnreachableDatabase(e);
                if (!transient && attempt >= settings.MaxAttempts)
                {
                    await ParkAsync(db, context, messageId, attempt, e, logger, cancellationToken);
                    return;
                }
                var delay = settings.RetryDelay(attempt);
                logger.LogWarning(transient ? null : e, "{Consumer} failed on {Type} {MessageId} (attempt {Attempt} of {MaxAttempts}); retrying in {Delay} ms: {Reason}",
                    ConsumerName, TypeName, messageId, attempt, transient ? "unlimited while the database is unreachable" : settings.MaxAttempts,
                    (int)delay.TotalMilliseconds, e.Message);
                await Task.Delay(delay, time, cancellationToken);
            }
        }
    }

    /// <summary>False when this consumer already applied the message.</summary>
    private static async Task<bool> ApplyOnceAsync(TContext db, string messageId, Func<Task> consume, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var inbox = db.Set<InboxMessage>();
        if (await inbox.AnyAsync(m => m.MessageId == messageId && m.Consumer == ConsumerName, cancellationToken))
        {
            return false;
        }
        inbox.Add(new InboxMessage { MessageId = messageId, Consumer = ConsumerName, Type = TypeName, ProcessedAt = DateTime.UtcNow });
        await consume();
        // A concurrent delivery of the same message (a redelivery racing the original) fails here on the inbox key,
        // rolling its effect back; its retry then finds the row and skips.
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return true;
    }

    private async Task ParkAsync(TContext db, ConsumeContext<TMessage> context, string messageId, int attempts, Exception failure,
        ILogger logger, CancellationToken cancellationToken)
    {
        var parked = new ParkedMessage
        {
            MessageId = messageId,
            Consumer = ConsumerName,
            Type = TypeName,
            Payload = context.Message is IntegrationEvent integrationEvent ? IntegrationEventSerializer.Serialize(integrationEvent) : "{}",
            OccurredAt = OccurredAt(context),
            Attempts = attempts,
            Error = $"{failure.GetType().Name}: {failure.Message}",
            ParkedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Set<ParkedMessage>().Add(parked);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        metrics.Parked(ConsumerName, TypeName);
        logger.LogError(failure, "{Consumer} failed {Attempts} times on {Type} {MessageId}; parked as {ParkedId} (GET /admin/messaging/parked to see, POST .../{ParkedId}/retry to retry)",
            ConsumerName, attempts, TypeName, messageId, parked.Id, parked.Id);
    }

    /// <summary>The event's id (what the outbox sent as the message id); the transport's id for anything else.</summary>
    private static string MessageIdOf(ConsumeContext<TMessage> context) =>
        context.Message is IntegrationEvent integrationEvent ? integrationEvent.EventId.ToString()
        : context.MessageId?.ToString() ?? throw new InvalidOperationException($"A {TypeName} message arrived without a message id.");

    private static DateTime OccurredAt(ConsumeContext context) =>
        context.Headers.Get<string>(IntegrationEventHeaders.OccurredAt) is { } text && DateTime.TryParse(text, null, System.Globalization.DateTimeStyles.RoundtripKind, out var at)
            ? at.ToUniversalTime()
            : context.SentTime ?? DateTime.UtcNow;

    /// <summary>The database is down or busy, not the message at fault: wait for it rather than park.</summary>
    private static bool IsUnreachableDatabase(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException { SqliteErrorCode: 5 or 6 or 10 or 14 }: // BUSY, LOCKED, IOERR, CANTOPEN
                case TimeoutException:
                case DbException { IsTransient: true }:
                case Npgsql.NpgsqlException { InnerException: System.Net.Sockets.SocketException or IOException }:
                    return true;
            }
        }
        return false;
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("idempotentConsumer");
}
