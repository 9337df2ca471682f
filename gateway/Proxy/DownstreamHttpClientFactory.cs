using Yarp.ReverseProxy.Forwarder;

namespace McpGateway.Gateway.Proxy;

/// <summary>
/// The forwarder's HttpClient, YARP's own (IHttpClientFactory's defaults, retries included, never reach it). YARP's
/// settings already fit a proxy (no proxy, no cookies, no redirects, no automatic decompression); two change.
/// </summary>
internal sealed class DownstreamHttpClientFactory(ILogger<ForwarderHttpClientFactory> logger) : ForwarderHttpClientFactory(logger)
{
    /// <summary>A stopped service on loopback or in the cluster refuses a connection at once: 15 s would only delay the 502.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Behind a Kubernetes Service, kube-proxy balances connections, not requests: a connection kept for ever stays on
    /// the pod it first reached, so a scaled-out service would see no traffic on its new pods. Renewed this often, the
    /// pool spreads again; a reconnect every few minutes per connection costs nothing measurable.
    /// </summary>
    public static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(2);

    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        handler.ConnectTimeout = ConnectTimeout;
        handler.PooledConnectionLifetime = PooledConnectionLifetime;
    }
}
