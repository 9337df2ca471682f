using Microsoft.Extensions.Diagnostics.HealthChecks;
using Yarp.ReverseProxy;

namespace McpGateway.Gateway.Health;

/// <summary>The gateway can route: YARP has applied a configuration whose every service has an address.</summary>
internal sealed class ProxyConfigHealthCheck(IProxyStateLookup proxyState) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var clusters = proxyState.GetClusters().ToList();
        var ready = proxyState.GetRoutes().Any() && clusters.Count > 0 && clusters.All(c => c.Destinations.Count > 0);
        return Task.FromResult(ready ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("no routes loaded"));
    }
}
