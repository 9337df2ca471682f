using McpGateway.Gateway.Proxy;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace McpGateway.Gateway.Health;

public static class HealthChecksExtensions
{
    /// <summary>Checks tagged this way make up `/ready`.</summary>
    public const string ReadyTag = "ready";

    private const string HealthClientKey = "downstream-health";
    private static readonly TimeSpan DownstreamTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// `/health` needs every service healthy (one check per service, named after it; the health service runs them in
    /// parallel, each cut off after 2 s). `/ready` needs only the gateway's own routes, so a restarting service never
    /// takes the gateway's pods out of rotation. None is tagged "live": `/alive` stays the process alone.
    /// </summary>
    public static IServiceCollection AddGatewayHealthChecks(this IServiceCollection services, IEnumerable<DownstreamService> downstream)
    {
        services.AddKeyedSingleton(HealthClientKey, (_, _) => new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectTimeout = DownstreamTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        }));

        var checks = services.AddHealthChecks()
            .AddCheck<ProxyConfigHealthCheck>("routes", tags: [ReadyTag]);
        foreach (var service in downstream)
        {
            checks.Add(new HealthCheckRegistration(
                service.Name,
                sp => new DownstreamHealthCheck(sp.GetRequiredKeyedService<HttpClient>(HealthClientKey), service),
                HealthStatus.Unhealthy,
                tags: null,
                timeout: DownstreamTimeout));
        }
        return services;
    }
}
