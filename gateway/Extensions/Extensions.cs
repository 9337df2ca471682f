using McpGateway.Gateway.Health;
using McpGateway.Gateway.Proxy;
using McpGateway.ServiceDefaults;
using Yarp.ReverseProxy.Forwarder;

namespace McpGateway.Gateway.Extensions;

public static class Extensions
{
    /// <summary>The listen address, the routes to the three services (and the admin UI when configured), their health checks.</summary>
    public static WebApplicationBuilder AddGatewayServices(this WebApplicationBuilder builder)
    {
        builder.ConfigureListenAddress();
        // The edge: X-Forwarded-* from clients are ignored unless a front proxy is configured; YARP then overwrites them
        // with the real peer for the services (ProxyRoutes).
        builder.Services.Configure<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>(options =>
            ForwardedHeaders.Configure(options, builder.Configuration, ForwardedHeaders.GatewaySetting, trustLoopbackByDefault: false));

        var downstream = DownstreamService.FromConfiguration(builder.Configuration);
        var activityTimeout = TimeSpan.FromSeconds(builder.Configuration.GetValue("PROXY_TIMEOUT_SECONDS", 100));
        var streamTimeout = TimeSpan.FromSeconds(builder.Configuration.GetValue("PROXY_STREAM_TIMEOUT_SECONDS", 3600));
        builder.Services.AddReverseProxy().LoadFromMemory(ProxyRoutes.Routes(downstream.Select(d => d.Name).ToList()), ProxyRoutes.Clusters(downstream, activityTimeout, streamTimeout));
        builder.Services.AddSingleton<IForwarderHttpClientFactory, DownstreamHttpClientFactory>();
        builder.Services.AddSingleton<Yarp.ReverseProxy.LoadBalancing.ILoadBalancingPolicy, CallerAffinityPolicy>();
        builder.Services.SkipDataProtectionKeyRingAtStartup();
        builder.Services.AddGatewayHealthChecks(downstream);

        return builder;
    }

    /// <summary>
    /// YARP registers data protection for its affinity cookies, which the gateway does not use. Its hosted service would
    /// still create a key ring at every start and write it under ~/.aspnet (read-only in a container), with a warning.
    /// Nothing in the gateway protects data, so the key ring is left to be created on first use, which never comes.
    /// </summary>
    private static void SkipDataProtectionKeyRingAtStartup(this IServiceCollection services)
    {
        var keyRingLoader = services.FirstOrDefault(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name == "DataProtectionHostedService");
        if (keyRingLoader is not null)
        {
            services.Remove(keyRingLoader);
        }
    }
}
