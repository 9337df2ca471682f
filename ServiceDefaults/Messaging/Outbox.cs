using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.ServiceDefaults.Messaging;

/// <summary>
/// An integration event waiting to be published, stored in the producing service's own database in the same
/// transaction as the state change it announces (the transactional outbox): the change and its event commit
/// together or not at all, and a relay publishes what is pending, at least once.
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>The message id; consumers remember it to ignore a redelivery.</summary>
    public string Id { get; set; } = Guid.NewGuid().ToString("N");
    /// <summary>The event's contract type, e.g. `McpGateway.Contracts.UserCreated`.</summary>
    public string Type { get; set; } = "";
    /// <summary>The event as JSON.</summary>
    public string Payload { get; set; } = "";
    public DateTime OccurredAt { get; set; }
    /// <summary>When the relay handed it to the transport; null while pending.</summary>
    public DateTime? DispatchedAt { get; set; }
}

public static class OutboxExtensions
{
    public const string Table = "outbox_messages";

    /// <summary>Maps <see cref="OutboxMessage"/> to `outbox_messages` (columns id, type, payload, occurred_at, dispatched_at).</summary>
    public static ModelBuilder AddOutbox(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable(Table);
            outbox.HasKey(m => m.Id);
            outbox.Property(m => m.Type).IsRequired();
            outbox.Property(m => m.Payload).IsRequired();
            outbox.HasIndex(m => new { m.DispatchedAt, m.OccurredAt });
        });
        return modelBuilder;
    }

    /// <summary>Adds the event to the outbox; it is saved (and later published) with the context's next SaveChanges.</summary>
    public static OutboxMessage AddIntegrationEvent<TEvent>(this DbContext context, TEvent integrationEvent) where TEvent : class
    {
        var message = new OutboxMessage
        {
            Type = typeof(TEvent).FullName!,
            Payload = JsonSerializer.Serialize(integrationEvent, JsonSerializerOptions.Web),
            OccurredAt = DateTime.UtcNow,
        };
        context.Set<OutboxMessage>().Add(message);
        return message;
    }
}
