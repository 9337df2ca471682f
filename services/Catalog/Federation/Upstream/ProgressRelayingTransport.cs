using System.Threading.Channels;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Catalog.Federation.Upstream;

/// <summary>
/// An upstream transport that hands each progress notification to the <see cref="ProgressRelay"/> as the SDK reads it,
/// in the upstream's order. The SDK's client then handles every message (notifications and results alike) on a task of
/// its own, so a notification handler may run after the result it preceded is in: the last report was lost that way.
/// Relayed at read time, a request's reports are all queued before its result is seen.
/// </summary>
internal sealed class ProgressRelayingTransport(IClientTransport inner, ProgressRelay relay) : IClientTransport, IAsyncDisposable
{
    public string Name => inner.Name;

    public async Task<ITransport> ConnectAsync(CancellationToken cancellationToken = default) =>
        new Connected(await inner.ConnectAsync(cancellationToken), relay);

    public ValueTask DisposeAsync() => inner is IAsyncDisposable disposable ? disposable.DisposeAsync() : ValueTask.CompletedTask;

    private sealed class Connected(ITransport inner, ProgressRelay relay) : ITransport
    {
        public string? SessionId => inner.SessionId;

        public ChannelReader<JsonRpcMessage> MessageReader { get; } = new RelayingReader(inner.MessageReader, relay);

        public Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default) =>
            inner.SendMessageAsync(message, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    private sealed class RelayingReader(ChannelReader<JsonRpcMessage> inner, ProgressRelay relay) : ChannelReader<JsonRpcMessage>
    {
        public override Task Completion => inner.Completion;

        public override bool TryRead(out JsonRpcMessage item)
        {
            if (!inner.TryRead(out item!))
            {
                return false;
            }
            if (item is JsonRpcNotification { Method: NotificationMethods.ProgressNotification } progress)
            {
                relay.Relay(progress);
            }
            return true;
        }

        public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) => inner.WaitToReadAsync(cancellationToken);
    }
}
