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
    private readonly ConcurrentDictionary<string, (McpServer Session, ProgressToken ClientToken)> _pending = new(StringComparer.Ordinal);

    /// <summary>A token to send upstream in place of <paramref name="clientToken"/>; dispose the result when the request ends.</summary>
    public Registration Register(McpServer session, ProgressToken clientToken)
    {
        var upstreamToken = $"mcpgateway-{Guid.NewGuid():N}";
        _pending[upstreamToken] = (session, clientToken);
        return new Registration(this, upstreamToken);
    }

    /// <summary>Handles an upstream `notifications/progress`: relayed if its token is one of ours, else dropped.</summary>
    public async ValueTask OnUpstreamProgressAsync(JsonRpcNotification notification, CancellationToken cancellationToken)
    {
        if (notification.Params?.Deserialize(McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ProgressNotificationParams))) is not ProgressNotificationParams progress
            || progress.ProgressToken.ToString() is not { } token
            || !_pending.TryGetValue(token, out var target))
        {
            return;
        }
        try
        {
            await target.Session.NotifyProgressAsync(target.ClientToken, progress.Progress, cancellationToken: cancellationToken);
        }
        catch (Exception exception) when (exception is InvalidOperationException or ObjectDisposedException or IOException)
        {
            // The client's request or session ended first: nobody is left to tell.
        }
    }

    public readonly struct Registration(ProgressRelay relay, string token) : IDisposable
    {
        public string Token => token;

        public void Dispose() => relay._pending.TryRemove(token, out _);
    }
}
