using McpGateway.Gateway.Proxy;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace McpGateway.Gateway.Health;

/// <summary>A downstream service is healthy when its own `/health` (which includes its database) answers 2xx.</summary>
internal sealed class DownstreamHealthCheck(HttpClient client, DownstreamService service) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await client.GetAsync(new Uri(service.Address, "/health"), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy()
                : new HealthCheckResult(context.Registration.FailureStatus, $"{service.Name} answered {(int)response.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            // The message, not the exception: a service that is down would otherwise log a stack trace at every probe.
            return new HealthCheckResult(context.Registration.FailureStatus, $"{service.Name} did not answer: {e.Message}");
        }
    }
}
