namespace McpGateway.Gateway.Proxy;

public static class ProxyEndpoints
{
    /// <summary>Maps the routes of <see cref="ProxyRoutes"/> to their services.</summary>
    public static IEndpointRouteBuilder MapServiceProxy(this IEndpointRouteBuilder app)
    {
        // No session affinity (its HashCookie policy needs the System.IO.Hashing we do not ship) and no passive health checks.
        app.MapReverseProxy(proxy =>
        {
            proxy.Use(ProxyProblems.HandleAsync);
            proxy.UseLoadBalancing();
        });
        return app;
    }
}
