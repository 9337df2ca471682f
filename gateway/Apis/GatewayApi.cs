using System.Reflection;
using McpGateway.Gateway.Health;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.HttpResults;

namespace McpGateway.Gateway.Apis;

/// <summary>The gateway's own endpoints besides ServiceDefaults' `/health` and `/alive`.</summary>
public static class GatewayApi
{
    public const string ReadyEndpointPath = ServiceDefaults.Extensions.ReadinessEndpointPath;
    public const string VersionEndpointPath = "/version";

    public sealed record VersionInfo(string Name, string Version, string Dotnet);

    private static readonly VersionInfo Version = new(
        "mcpgateway",
        typeof(GatewayApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
        Environment.Version.ToString());

    public static IEndpointRouteBuilder MapGatewayEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks(ReadyEndpointPath, new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains(HealthChecksExtensions.ReadyTag),
            ResponseWriter = ServiceDefaults.Extensions.WriteHealthResponse,
        }).AllowAnonymous();

        app.MapGet(VersionEndpointPath, GetVersion).AllowAnonymous();
        return app;
    }

    public static Ok<VersionInfo> GetVersion() => TypedResults.Ok(Version);
}
