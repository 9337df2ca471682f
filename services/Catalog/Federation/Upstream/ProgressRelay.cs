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

    /// <summary>
    /// Relays an upstream `notifications/progress` if its token is one of ours (else drops it). Called as the upstream
    /// connection reads it (<see cref="ProgressRelayingTransport"/>), so each request's reports leave in the upstream's
    /// order and are all queued before its result is seen.
    /// </summary>
    public void Relay(JsonRpcNotification notification)
    {
        if (notification.Params?.Deserialize(McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ProgressNotificationParams))) is ProgressNotificationParams progress
            && progress.ProgressToken.ToString() is { } token
            && _pending.TryGetValue(token, out var target))
        {
            target.Relay(progress.Progress);
        }
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

        public void Relay(ProgressNotificationValue value)
        {
            lock (_gate)
            {
                _last = SendAfterAsync(_last, value);
            }
        }

        private async Task SendAfterAsync(Task previous, ProgressNotificationValue value)
        {
            // Off the upstream connection's read loop, which must not wait for a client.
            await previous.ConfigureAwait(ConfigureAwaitOptions.ForceYielding | ConfigureAwaitOptions.SuppressThrowing);
            try
            {
                await session.NotifyProgressAsync(clientToken, value);
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
        /// the client gets them before the result.
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
