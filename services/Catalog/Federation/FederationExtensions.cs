using McpGateway.Catalog.Federation.Upstream;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace McpGateway.Catalog.Federation;

public static class FederationExtensions
{
    /// <summary>The named HttpClient for requests to upstreams outside an MCP session (OAuth token endpoints).</summary>
    public const string UpstreamHttpClient = "mcp-upstream";

    /// <summary>
    /// Federation of upstream MCP servers: the pooled upstream sessions, discovery (<see cref="IGatewayFederation"/>, for
    /// the catalog API to call after a gateway is created or changed) and the background refresher. Register the
    /// catalog's <see cref="IGatewaySecrets"/> that opens sealed credentials.
    /// </summary>
    public static IHostApplicationBuilder AddFederation(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(FederationSettings.FromConfiguration(builder.Configuration));
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(UpstreamHttpClient);
        services.AddSingleton<UpstreamAuthHeaders>();
        services.AddSingleton<ProgressRelay>();
        services.AddSingleton<UpstreamConnections>();
        services.AddSingleton<FederationHealth>();
        services.AddScoped<IGatewayFederation, GatewayFederation>();
        services.AddHostedService<FederationRefresher>();
        services.AddHostedService<GatewayDiscoveryTrigger>();
        return builder;
    }

    /// <summary>`POST /gateways/{id}/refresh`.</summary>
    public static IEndpointRouteBuilder MapFederationApi(this IEndpointRouteBuilder app)
    {
        app.MapGatewayRefreshApi();
        return app;
    }
}
