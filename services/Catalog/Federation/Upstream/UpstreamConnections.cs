using System.Collections.Concurrent;
using System.Net.Http;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Catalog.Federation.Upstream;

/// <summary>
/// The pool of upstream sessions: one <see cref="UpstreamConnection"/> per gateway, over one shared HTTP connection
/// pool. A gateway whose address, transport or credentials change gets a new connection; the old one is closed.
/// Upstream `list_changed` notifications ask federation to refresh that gateway; progress goes to <see cref="ProgressRelay"/> as it is read (<see cref="ProgressRelayingTransport"/>).
/// </summary>
public sealed class UpstreamConnections(
    UpstreamAuthHeaders credentials,
    ProgressRelay progress,
    FederationSettings settings,
    ILoggerFactory loggers) : IAsyncDisposable
{
    private static readonly string Version = typeof(UpstreamConnections).Assembly.GetName().Version?.ToString(3) ?? "1.0.0";

    private readonly ConcurrentDictionary<string, UpstreamConnection> _connections = new(StringComparer.Ordinal);
    // One pool of sockets for every upstream: connections are kept and reused (HTTP keep-alive), renewed every few minutes.
    private readonly SocketsHttpHandler _sockets = new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
        ConnectTimeout = settings.ConnectTimeout,
    };
    private readonly ILogger _logger = loggers.CreateLogger<UpstreamConnections>();

    /// <summary>Raised with a gateway id when its upstream says its tools, resources or prompts changed.</summary>
    public event Action<string>? ListChanged;

    /// <summary>The shared connection for <paramref name="endpoint"/>'s gateway, replaced if the endpoint changed.</summary>
    public UpstreamConnection For(UpstreamEndpoint endpoint)
    {
        while (true)
        {
            var connection = _connections.GetOrAdd(endpoint.GatewayId, _ => new UpstreamConnection(endpoint, ConnectAsync));
            if (connection.Endpoint == endpoint)
            {
                return connection;
            }
            if (_connections.TryUpdate(endpoint.GatewayId, new UpstreamConnection(endpoint, ConnectAsync), connection))
            {
                _ = connection.DisposeAsync().AsTask();
            }
        }
    }

    /// <summary>Closes a gateway's connection (the gateway was deleted or disabled).</summary>
    public async ValueTask CloseAsync(string gatewayId)
    {
        if (_connections.TryRemove(gatewayId, out var connection))
        {
            await connection.DisposeAsync();
        }
    }

    public IReadOnlyCollection<string> ConnectedGateways => _connections.Keys.ToList();

    /// <summary>The protocol revision spoken to upstreams (older upstreams answer with theirs, which the SDK accepts).</summary>
    public const string UpstreamProtocolVersion = "2025-11-25";

    private async Task<McpClient> ConnectAsync(UpstreamEndpoint endpoint, CancellationToken cancellationToken)
    {
        var http = new HttpClient(new UpstreamAuthenticationHandler(endpoint, credentials) { InnerHandler = _sockets }, disposeHandler: false)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var transport = new ProgressRelayingTransport(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = endpoint.Url,
            Name = endpoint.Slug,
            TransportMode = endpoint.UsesSse ? HttpTransportMode.Sse : HttpTransportMode.StreamableHttp,
            ConnectionTimeout = settings.ConnectTimeout,
        }, http, loggers, ownsHttpClient: true), progress);
        var options = new McpClientOptions
        {
            ClientInfo = new Implementation { Name = "mcpgateway", Version = Version },
            // One session per upstream, shared by every client: the 2025-11-25 handshake keeps a session (and its GET
            // stream, which carries the upstream's list-changed notifications); 2026-07-28 clients are served from it too.
            ProtocolVersion = UpstreamProtocolVersion,
            InitializationTimeout = settings.ConnectTimeout,
            Handlers = new McpClientHandlers
            {
                NotificationHandlers =
                [
                    new(NotificationMethods.ToolListChangedNotification, (_, _) => OnListChanged(endpoint.GatewayId)),
                    new(NotificationMethods.ResourceListChangedNotification, (_, _) => OnListChanged(endpoint.GatewayId)),
                    new(NotificationMethods.PromptListChangedNotification, (_, _) => OnListChanged(endpoint.GatewayId)),
                ],
            },
        };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.ConnectTimeout);
        var client = await McpClient.CreateAsync(transport, options, loggers, timeout.Token);
        _logger.LogInformation("Connected to upstream {Gateway} at {Url} ({Server} {Version}, protocol {Protocol})",
            endpoint.Slug, endpoint.Url, client.ServerInfo?.Name, client.ServerInfo?.Version, client.NegotiatedProtocolVersion);
        return client;
    }

    private ValueTask OnListChanged(string gatewayId)
    {
        ListChanged?.Invoke(gatewayId);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Whether <paramref name="exception"/> says the session is unusable (the connection failed, the upstream forgot the
    /// session) rather than that the upstream answered with an error: only then is the session replaced.
    /// </summary>
    public static bool IsConnectionFailure(Exception exception) => exception switch
    {
        McpProtocolException => false,
        OperationCanceledException => false,
        HttpRequestException or IOException or ObjectDisposedException or ClientTransportClosedException => true,
        McpException => true,
        _ => exception.InnerException is { } inner && IsConnectionFailure(inner),
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections.Values)
        {
            await connection.DisposeAsync();
        }
        _connections.Clear();
        _sockets.Dispose();
    }
}
