using McpGateway.ServiceDefaults.Messaging.Transport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace McpGateway.ServiceDefaults.Messaging.Parking;

/// <summary>What an administrator sees of a parked message (the payload is left out: it may carry personal data).</summary>
public sealed record ParkedMessageSummary(string Id, string MessageId, string Consumer, string Type, DateTime OccurredAt, int Attempts, string Error, DateTime ParkedAt);

/// <summary>Lists parked messages and sends one back to this service's queue.</summary>
public interface IParkedMessages
{
    Task<IReadOnlyList<ParkedMessageSummary>> ListAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Requeues the message (behind what is queued) and removes it from the parked list; false when there is no such id.</summary>
    Task<bool> RetryAsync(string id, CancellationToken cancellationToken);

    /// <summary>Parks a message no consumer could even be given (its payload does not read as its type).</summary>
    Task ParkUndeliverableAsync(TransportMessage message, int attempts, Exception failure, CancellationToken cancellationToken);
}

public sealed class ParkedMessages<TContext>(TContext db, IMessageTransport transport, TimeProvider time, ILogger<ParkedMessages<TContext>> logger)
    : IParkedMessages where TContext : DbContext
{
    public async Task<IReadOnlyList<ParkedMessageSummary>> ListAsync(int limit, CancellationToken cancellationToken) =>
        await db.Set<ParkedMessage>().AsNoTracking()
            .OrderBy(m => m.ParkedAt)
            .Take(limit)
            .Select(m => new ParkedMessageSummary(m.Id, m.MessageId, m.Consumer, m.Type, m.OccurredAt, m.Attempts, m.Error, m.ParkedAt))
            .ToListAsync(cancellationToken);

    public async Task<bool> RetryAsync(string id, CancellationToken cancellationToken)
    {
        var parked = await db.Set<ParkedMessage>().FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (parked is null)
        {
            return false;
        }
        // Requeued first, removed second: a crash in between leaves it parked and queued, and the inbox makes that harmless.
        await transport.RequeueAsync(new TransportMessage(parked.MessageId, parked.Type, parked.Payload, parked.OccurredAt), cancellationToken);
        db.Remove(parked);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Parked message {ParkedId} ({Type} {MessageId}, consumer {Consumer}) sent back to the queue", parked.Id, parked.Type, parked.MessageId, parked.Consumer);
        return true;
    }

    public async Task ParkUndeliverableAsync(TransportMessage message, int attempts, Exception failure, CancellationToken cancellationToken)
    {
        var parked = new ParkedMessage
        {
            MessageId = message.MessageId,
            Consumer = "(none: undeliverable)",
            Type = message.Type,
            Payload = message.Payload,
            OccurredAt = message.OccurredAt,
            Attempts = attempts,
            Error = $"{failure.GetType().Name}: {failure.Message}",
            ParkedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Add(parked);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogError(failure, "{Type} {MessageId} cannot be read; parked as {ParkedId}", message.Type, message.MessageId, parked.Id);
    }
}
