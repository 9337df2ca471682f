using Yarp.ReverseProxy.Forwarder;

namespace McpGateway.Gateway.Proxy;

/// <summary>
/// The forwarder's HttpClient. YARP's defaults already fit a proxy (no proxy, no cookies, no redirects,
/// no automatic decompression); only the connect timeout changes: a stopped service on loopback or in the
/// cluster answers a connect at once, so 15 s of waiting would only delay the 502.
/// </summary>
internal sealed class DownstreamHttpClientFactory(ILogger<ForwarderHttpClientFactory> logger) : ForwarderHttpClientFactory(logger)
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        handler.ConnectTimeout = ConnectTimeout;
    }
}
