using Aspire.Hosting.Lifecycle;
using McpGateway.AppHost.Terminal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpGateway.AppHost.Hosting;

public static class AppHostDefaults
{
    /// <summary>
    /// So that `dotnet run --project AppHost` just works on a bare machine, and says only what a person needs.
    /// Every default here yields to the same setting in the environment or `.env`.
    /// </summary>
    public static IDistributedApplicationBuilder ConfigureAppHost(this IDistributedApplicationBuilder builder, HostSettings settings)
    {
        // The dashboard and its OTLP endpoint listen on loopback over plain HTTP: no development certificate to create
        // or trust. Their ports are chosen at start unless ASPNETCORE_URLS / ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL say.
        builder.Configuration["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] ??= "true";
        // Ctrl+C returns only once every resource has stopped: nothing outlives AppHost, not even for a moment.
        builder.Configuration["DcpPublisher:WaitForResourceCleanup"] ??= "true";
        // No look-up of newer Aspire packages at each start: their versions are pinned in Directory.Packages.props.
        builder.Configuration["ASPIRE_VERSION_CHECK_DISABLED"] ??= "true";

        // The terminal gets ConsoleReport's summary; AppHost's own log only its warnings and errors, one line each
        // (ASPIRE_LOGLEVEL=Information shows Aspire's progress again).
        builder.Services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddSimpleConsole(console => console.SingleLine = true)
            // Its "Hosting failed to start" repeats, stack and all, what Program reports (a resource that failed, Ctrl+C).
            .AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None));

        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<ConsoleReport>();
        builder.Services.AddSingleton<IDistributedApplicationEventingSubscriber>(services => services.GetRequiredService<ConsoleReport>());
        return builder;
    }
}
