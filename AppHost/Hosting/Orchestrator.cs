using System.Diagnostics;
using McpGateway.AppHost.Resources;
using McpGateway.AppHost.Terminal;

namespace McpGateway.AppHost.Hosting;

/// <summary>
/// Aspire's role, in small: starts the three services in parallel on free loopback ports, waits until each is
/// healthy, then starts the gateway wired to them (Aspire's `services__{name}__http__0` keys) and waits for it.
/// Runs until a shutdown signal or until any resource exits, then stops them all.
/// </summary>
public sealed class Orchestrator(HostSettings settings, LogWriter log)
{
    public const string Gateway = "gateway";
    public static readonly IReadOnlyList<string> Services = ["auth", "teams", "catalog"];

    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    private readonly List<ResourceProcess> running = [];
    private readonly HttpClient http = new(new SocketsHttpHandler { UseProxy = false });

    public async Task<int> RunAsync(CancellationToken shutdown)
    {
        try
        {
            // All found before anything starts, so a missing build is reported with nothing to clean up.
            var entryPoints = Services.Append(Gateway).ToDictionary(name => name, ResourceEntryPoints.Find);
            var services = await StartServicesAsync(entryPoints, shutdown);
            var gateway = await StartGatewayAsync(entryPoints[Gateway], services, shutdown);

            using var self = Process.GetCurrentProcess();
            log.Block(ReadySummary.Render(settings, gateway, services, DateTime.Now - self.StartTime));

            var (exited, code) = await await Task.WhenAny(running.Select(async r => (r, await r.Exited))).WaitAsync(shutdown);
            throw await exited.FailedAsync($"{exited.Name} exited unexpectedly with code {code}; stopping everything.");
        }
        // Ctrl+C in a terminal signals the resources too, so one may exit just before AppHost hears the signal itself.
        catch (Exception e) when (shutdown.IsCancellationRequested && e is OperationCanceledException or ResourceFailedException)
        {
            log.Info("Stopping...");
            return 0;
        }
        catch (ResourceFailedException e)
        {
            Report(e);
            return 1;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            log.Error(e.Message);
            return 1;
        }
        finally
        {
            await Task.WhenAll(running.Select(r => r.StopAsync(StopGrace)));
            log.Info(running.Count > 0 ? "All resources stopped." : "Nothing was started.");
        }
    }

    private async Task<List<ResourceProcess>> StartServicesAsync(Dictionary<string, string> entryPoints, CancellationToken shutdown)
    {
        var ports = Ports.FindFree(Services.Count);
        var urls = Services.Select((_, i) => $"http://127.0.0.1:{ports[i]}").ToList();
        var services = Services.Select((name, i) =>
        {
            var environment = new Dictionary<string, string?>
            {
                ["ASPNETCORE_URLS"] = urls[i],
                // HOST and PORT are where the gateway listens; a service listens where ASPNETCORE_URLS says.
                ["HOST"] = null,
                ["PORT"] = null,
            };
            // Every service knows every other one's internal address (Aspire's references): the token validation of
            // each fetches the auth service's signing keys directly, not through the public origin.
            for (var other = 0; other < Services.Count; other++)
            {
                environment[$"services__{Services[other]}__http__0"] = urls[other];
            }
            return Start(name, entryPoints[name], urls[i], environment);
        }).ToList();
        await WaitUntilHealthyAsync(services, shutdown);
        return services;
    }

    private async Task<ResourceProcess> StartGatewayAsync(string entryPoint, IEnumerable<ResourceProcess> services, CancellationToken shutdown)
    {
        var environment = new Dictionary<string, string?>
        {
            ["HOST"] = settings.GatewayHost,
            ["PORT"] = settings.GatewayPort.ToString(),
            // HOST and PORT decide where the gateway listens, not an ASPNETCORE_URLS meant for something else.
            ["ASPNETCORE_URLS"] = null,
        };
        foreach (var service in services)
        {
            environment[$"services__{service.Name}__http__0"] = service.Url;
        }
        var gateway = Start(Gateway, entryPoint, settings.GatewayUrl, environment);
        await WaitUntilHealthyAsync([gateway], shutdown);
        return gateway;
    }

    private ResourceProcess Start(string name, string entryPoint, string url, Dictionary<string, string?> environment)
    {
        environment["OTEL_SERVICE_NAME"] = name;
        var resource = ResourceProcess.Start(name, entryPoint, url, environment, log);
        running.Add(resource);
        log.Info($"Started {name} (pid {resource.Id}) on {url}");
        return resource;
    }

    /// <summary>Waits for all to be healthy; the first failure cancels the other waits, so it is reported at once.</summary>
    private async Task WaitUntilHealthyAsync(IReadOnlyList<ResourceProcess> resources, CancellationToken shutdown)
    {
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
        var waits = resources.Select(r => r.WaitUntilHealthyAsync(http, StartupTimeout, failed.Token)).ToList();
        while (waits.Count > 0)
        {
            var done = await Task.WhenAny(waits);
            waits.Remove(done);
            if (!done.IsCompletedSuccessfully)
            {
                await failed.CancelAsync();
                await done; // rethrows the failure (or the shutdown)
            }
        }
    }

    private void Report(ResourceFailedException failure)
    {
        log.Error(failure.Message);
        if (failure.LastOutput.Count > 0)
        {
            log.Error("Its last output:");
            foreach (var line in failure.LastOutput)
            {
                log.Error("  " + line);
            }
        }
    }
}
