using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.ServiceDefaults.Messaging;

public static class IntegrationEventPublishing
{
    /// <summary>
    /// Stages the event in the outbox: it is saved with the context's next SaveChanges, in the same transaction as the
    /// change it announces, and relayed to every subscriber after the commit. This is the one way to publish.
    /// </summary>
    public static OutboxMessage AddIntegrationEvent<TEvent>(this DbContext context, TEvent integrationEvent) where TEvent : IntegrationEvent
    {
        var message = new OutboxMessage
        {
            MessageId = integrationEvent.EventId.ToString(),
            Type = IntegrationEventTypes.NameOf(integrationEvent.GetType()),
            Payload = IntegrationEventSerializer.Serialize(integrationEvent),
            OccurredAt = DateTime.UtcNow,
            Event = integrationEvent,
        };
        context.Set<OutboxMessage>().Add(message);
        return message;
    }
}
