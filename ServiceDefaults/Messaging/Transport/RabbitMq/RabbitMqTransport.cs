using MassTransit;

namespace McpGateway.ServiceDefaults.Messaging.Transport.RabbitMq;

/// <summary>
/// RabbitMQ through MassTransit: each event is published to its type's exchange (every subscribed service's queue is
/// bound to it) and awaited until the broker confirms it (publisher confirms), one after another so they reach each
/// queue in outbox order.
/// </summary>
public sealed class RabbitMqTransport(IBus bus, MessagingSettings settings) : IMessageTransport
{
    /// <summary>How long one publish may wait for a broker that is not there before the relay backs off.</summary>
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);

    public async Task PublishAsync(IReadOnlyList<TransportMessage> messages, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(PublishTimeout);
            var integrationEvent = IntegrationEventSerializer.Deserialize(message.Type, message.Payload);
            await bus.Publish(integrationEvent, integrationEvent.GetType(), Stamp<PublishContext>(message), timeout.Token);
        }
    }

    public async Task RequeueAsync(TransportMessage message, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PublishTimeout);
        var integrationEvent = IntegrationEventSerializer.Deserialize(message.Type, message.Payload);
        // The receive endpoint's own exchange (bound to its queue): sending to `queue:` would declare the queue again
        // without its single-active-consumer argument, which the broker refuses.
        var queue = await bus.GetSendEndpoint(new Uri($"exchange:{settings.Queue}"));
        await queue.Send(integrationEvent, integrationEvent.GetType(), Stamp<SendContext>(message), timeout.Token);
    }

    private static IPipe<T> Stamp<T>(TransportMessage message) where T : class, SendContext => Pipe.Execute<T>(context =>
    {
        context.MessageId = Guid.TryParse(message.MessageId, out var id) ? id : NewId.NextGuid();
        context.Headers.Set(IntegrationEventHeaders.OccurredAt, message.OccurredAt.ToString("O"));
        context.Durable = true;
    });
}
