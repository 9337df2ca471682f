namespace McpGateway.AppHost.Hosting;

/// <summary>The product as Aspire resources: three services, the admin UI and, in front of them, the gateway.</summary>
public static class ProductResources
{
    public const string Gateway = "gateway";
    public const string Admin = "admin";
    public static readonly IReadOnlyList<string> Services = ["auth", "teams", "catalog"];
    public static readonly IReadOnlyList<string> All = [.. Services, Admin, Gateway];

    /// <summary>Where a service listens: loopback only, on a port Aspire allocates.</summary>
    private const string ServiceHost = "127.0.0.1";

    public static void AddMcpGateway(this IDistributedApplicationBuilder builder, HostSettings settings)
    {
        List<IResourceBuilder<ProjectResource>> services =
        [
            builder.AddService<Projects.Auth>("auth", settings),
            builder.AddService<Projects.Teams>("teams", settings),
            builder.AddService<Projects.Catalog>("catalog", settings),
        ];
        // Every service knows every service's internal address (`services__auth__http__0`), its own included: token
        // validation fetches the auth service's signing keys directly, never through the public origin, and
        // messaging or policy may call the others.
        foreach (var service in services)
        {
            foreach (var other in services)
            {
                service.WithReference(other);
            }
        }

        // The admin UI has no database and calls the APIs through the gateway's public origin (APP_DOMAIN), like any client.
        var admin = builder.AddService<Projects.Admin>(Admin, settings);

        var gateway = builder.AddProductProject<Projects.Gateway>(Gateway, settings)
            // No proxy in front of the public port: the gateway's own latency is what clients get.
            .WithHttpEndpoint(port: settings.GatewayPort, isProxied: false)
            .WithEndpoint("http", endpoint => endpoint.TargetHost = settings.GatewayEndpointHost)
            .WithEnvironment(context =>
            {
                // The gateway listens where HOST and PORT say (gateway/Extensions/ListenAddress.cs), IPv6 literals
                // and host names included, not at the ASPNETCORE_URLS Aspire derives from the endpoint.
                context.EnvironmentVariables.Remove("ASPNETCORE_URLS");
                context.EnvironmentVariables["HOST"] = settings.GatewayHost;
                context.EnvironmentVariables["PORT"] = settings.GatewayPort.ToString();
            })
            .WithHttpHealthCheck("/health");
        // No WaitFor: the gateway starts beside the services (on 2 cores the stack was healthy 3-4 s sooner) and its
        // `/health`, which Aspire and ConsoleReport wait on, needs every one of them healthy.
        foreach (var service in services)
        {
            gateway.WithReference(service);
        }
        gateway.WithReference(admin);
    }

    private static IResourceBuilder<ProjectResource> AddService<TProject>(this IDistributedApplicationBuilder builder, string name, HostSettings settings)
        where TProject : IProjectMetadata, new() =>
        builder.AddProductProject<TProject>(name, settings)
            // No proxy either: the gateway calls each service straight at the port it listens on.
            .WithHttpEndpoint(isProxied: false)
            .WithEndpoint("http", endpoint => endpoint.TargetHost = ServiceHost)
            // HOST and PORT are where the gateway listens; a service listens where ASPNETCORE_URLS says.
            .WithEnvironment("HOST", "")
            .WithEnvironment("PORT", "")
            .WithHttpHealthCheck("/health");

    /// <summary>What every resource shares: how it runs, its environment name, the data directory and the token issuer.</summary>
    private static IResourceBuilder<ProjectResource> AddProductProject<TProject>(this IDistributedApplicationBuilder builder, string name, HostSettings settings)
        where TProject : IProjectMetadata, new()
    {
        var resource = builder.AddProject<TProject>(name)
            .RunBuiltEntryPoint(Environment.CurrentDirectory)
            // Plain HTTP on loopback: no development certificate to find, trust or warn about.
            .WithoutHttpsCertificate()
            // DCP passes AppHost's environment (`.env` included) on to every resource, but not this one.
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", settings.EnvironmentName)
            // Absolute, so every service finds the same directory whatever its working directory.
            .WithEnvironment("MCPGATEWAY_HOME", settings.DataDirectory)
            // Aspire asks the OTLP exporter to retry failed exports: the dashboard stops first on Ctrl+C, and the
            // retries of the last flush then held every service for about 6 s (1 s without).
            .WithEnvironment(context => context.EnvironmentVariables.Remove("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"));
        // Telemetry goes to the dashboard (Aspire sets the OTLP variables), unless OTEL_EXPORTER_OTLP_ENDPOINT names a
        // collector of the user's: then Aspire's are left out, and the user's own reach the resource from AppHost's environment.
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
        {
            resource.WithEnvironment(context =>
            {
                foreach (var name in context.EnvironmentVariables.Keys.Where(k => k.StartsWith("OTEL_EXPORTER_OTLP_", StringComparison.Ordinal)).ToList())
                {
                    context.EnvironmentVariables.Remove(name);
                }
            });
        }
        // The OIDC issuer every service puts in and checks on tokens (JWT_ISSUER, else APP_DOMAIN) is the public
        // origin, which only AppHost knows when PORT picks a free port.
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("JWT_ISSUER")) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("APP_DOMAIN")))
        {
            resource.WithEnvironment("APP_DOMAIN", settings.GatewayDisplayUrl);
        }
        return resource;
    }
}
