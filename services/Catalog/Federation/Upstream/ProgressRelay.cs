using System.Collections.Concurrent;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.Catalog.Federation.Upstream;

/// <summary>
/// Carries an upstream's progress notifications back to the client whose request they belong to. Upstream connections
/// are shared by every client, so a forwarded request gets a progress token of its own (unique across clients) and
/// this relay maps it back to the client's session and the client's token.
/// </summary>
public sealed class ProgressRelay
{
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<string, Pending> _pending = new(StringComparer.Ordinal);

    /// <summary>A token to send upstream in place of <paramref name="clientToken"/>; dispose the result when the request ends.</summary>
    public Registration Register(McpServer session, ProgressToken clientToken)
    {
        var upstreamToken = $"mcpgateway-{Guid.NewGuid():N}";
        _pending[upstreamToken] = new Pending(session, clientToken);
        return new Registration(this, upstreamToken);
    }

    /// <summary>Handles an upstream `notifications/progress`: relayed if its token is one of ours, else dropped.</summary>
    public ValueTask OnUpstreamProgressAsync(JsonRpcNotification notification, CancellationToken cancellationToken)
    {
        if (notification.Params?.Deserialize(McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ProgressNotificationParams))) is not ProgressNotificationParams progress
            || progress.ProgressToken.ToString() is not { } token
            || !_pending.TryGetValue(token, out var target))
        {
            return ValueTask.CompletedTask;
        }
        return new ValueTask(target.Relay(progress.Progress, cancellationToken));
    }

    /// <summary>One forwarded request's relay: its notifications go out one after another, in the upstream's order.</summary>
    private sealed class Pending(McpServer session, ProgressToken clientToken)
    {
        private readonly Lock _gate = new();
        private Task _last = Task.CompletedTask;

        public Task Last
        {
            get
            {
                lock (_gate)
                {
                    return _last;
                }
            }
        }

        public Task Relay(ProgressNotificationValue value, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                return _last = SendAfterAsync(_last, value, cancellationToken);
            }
        }

        private async Task SendAfterAsync(Task previous, ProgressNotificationValue value, CancellationToken cancellationToken)
        {
            await previous;
            try
            {
                await session.NotifyProgressAsync(clientToken, value, cancellationToken: cancellationToken);
            }
            catch (Exception exception) when (exception is InvalidOperationException or ObjectDisposedException or IOException or OperationCanceledException)
            {
                // The client's request or session ended first: nobody is left to tell.
            }
        }
    }

    public readonly struct Registration(ProgressRelay relay, string token) : IDisposable
    {
        public string Token => token;

        /// <summary>
        /// Waits (briefly) until the progress notifications that arrived before the upstream's result have gone out, so
        /// the client gets them before the result: the SDK hands notifications and the result to different tasks.
        /// </summary>
        public async Task DrainAsync()
        {
            if (relay._pending.TryGetValue(token, out var pending))
            {
                await pending.Last.WaitAsync(DrainLimit).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        public void Dispose() => relay._pending.TryRemove(token, out _);
    }
}
