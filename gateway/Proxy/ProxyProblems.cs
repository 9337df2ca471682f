using Microsoft.AspNetCore.Diagnostics;
using Yarp.ReverseProxy.Forwarder;

namespace McpGateway.Gateway.Proxy;

/// <summary>
/// Keeps the gateway's status-code pages off what a service answered (its 401 or 404 is its own, body and headers),
/// and turns a failure to reach the service into an RFC 9457 problem that says which service and why.
/// </summary>
internal static class ProxyProblems
{
    public static async Task HandleAsync(HttpContext context, Func<Task> next)
    {
        await next();

        var error = context.GetForwarderErrorFeature();
        if (error is null)
        {
            if (context.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
            {
                statusCodePages.Enabled = false;
            }
            return;
        }
        if (context.Response.HasStarted || context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        var service = context.GetReverseProxyFeature().Cluster.Config.ClusterId;
        var detail = error.Error switch
        {
            ForwarderError.RequestTimedOut => $"The {service} service did not answer in time.",
            ForwarderError.NoAvailableDestinations => $"No instance of the {service} service is available.",
            ForwarderError.Request => $"The {service} service could not be reached.",
            _ => $"The {service} service failed to answer ({error.Error}).",
        };
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = context.Response.StatusCode, Detail = detail },
        });
    }
}
