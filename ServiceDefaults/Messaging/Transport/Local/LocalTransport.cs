namespace McpGateway.ServiceDefaults.Messaging.Transport.Local;

/// <summary>The broker-less transport: publishing and requeueing are rows in the local bus file.</summary>
public sealed class LocalTransport(LocalBus bus, MessagingSettings settings) : IMessageTransport
{
    public Task PublishAsync(IReadOnlyList<TransportMessage> messages, CancellationToken cancellationToken) =>
        bus.PublishAsync(messages, cancellationToken);

    public Task RequeueAsync(TransportMessage message, CancellationToken cancellationToken) =>
        bus.EnqueueAsync(settings.Queue, message, cancellationToken);
}
