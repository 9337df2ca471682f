namespace McpGateway.ServiceDefaults.Messaging.Transport;

/// <summary>An event on its way from an outbox to the consumers: what every transport carries, whatever its wire format.</summary>
/// <param name="MessageId">The event's id, kept end to end: the inbox recognises a redelivery by it.</param>
/// <param name="Type">The contract's full name (<see cref="IntegrationEventTypes"/>).</param>
/// <param name="Payload">The event as JSON (<see cref="IntegrationEventSerializer"/>).</param>
/// <param name="OccurredAt">When the producer staged it; delivery latency is measured from here.</param>
public sealed record TransportMessage(string MessageId, string Type, string Payload, DateTime OccurredAt);

/// <summary>Moves events between services: RabbitMQ, or the local bus file.</summary>
public interface IMessageTransport
{
    /// <summary>
    /// Hands the messages, in this order, to every queue subscribed to their type; returns once the transport holds
    /// them durably (publisher confirms, or a committed bus transaction), and throws when it cannot.
    /// </summary>
    Task PublishAsync(IReadOnlyList<TransportMessage> messages, CancellationToken cancellationToken);

    /// <summary>Puts a message on this service's own queue again, behind what is there (retrying a parked message).</summary>
    Task RequeueAsync(TransportMessage message, CancellationToken cancellationToken);
}

/// <summary>Header names the transports set on every message.</summary>
public static class IntegrationEventHeaders
{
    /// <summary>When the producer staged the event (ISO 8601, UTC).</summary>
    public const string OccurredAt = "McpGateway-OccurredAt";
}
