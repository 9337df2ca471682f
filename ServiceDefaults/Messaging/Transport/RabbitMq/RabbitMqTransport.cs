using MassTransit;

namespace McpGateway.ServiceDefaults.Messaging.Transport.RabbitMq;

/// <summary>
/// RabbitMQ: the relay's batches go out pipelined on a channel of their own (<see cref="PipelinedPublisher"/>): in outbox
/// order to each event type's exchange (every subscribed service's queue is bound to it), returning once the broker
/// confirmed them all (publisher confirms). Consumers and the retry of a parked message go through MassTransit.
/// </summary>
internal sealed class RabbitMqTransport(IBus bus, PipelinedPublisher publisher, MessagingSettings settings) : IMessageTransport
{
    /// <summary>How long one batch may wait for a broker that is not there (or slow to confirm) before the relay backs off.</summary>
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);

    public Task PublishAsync(IReadOnlyList<TransportMessage> messages, CancellationToken cancellationToken) =>
        publisher.PublishAsync(messages, PublishTimeout, cancellationToken);

    public async Task RequeueAsync(TransportMessage message, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PublishTimeout);
        var integrationEvent = IntegrationEventSerializer.Deserialize(message.Type, message.Payload);
        // The receive endpoint's own exchange (bound to its queue): sending to `queue:` would declare the queue again
        // without its single-active-consumer argument, which the broker refuses.
        var queue = await bus.GetSendEndpoint(new Uri($"exchange:{settings.Queue}"));
        await queue.Send(integrationEvent, integrationEvent.GetType(), Pipe.Execute<SendContext>(context =>
        {
            context.MessageId = Guid.TryParse(message.MessageId, out var id) ? id : NewId.NextGuid();
            context.Headers.Set(IntegrationEventHeaders.OccurredAt, message.OccurredAt.ToString("O"));
            context.Durable = true;
        }), timeout.Token);
    }
}
