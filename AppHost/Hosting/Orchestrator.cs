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
            var ports = Ports.FindFree(Services.Count);
            var services = Services.Select((name, i) => Start(name, new Uri($"http://127.0.0.1:{ports[i]}"), new()
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ports[i]}",
            })).ToList();
            await WaitUntilHealthyAsync(services, shutdown);

            var gatewayEnvironment = new Dictionary<string, string?>
            {
                ["HOST"] = settings.GatewayHost,
                ["PORT"] = settings.GatewayPort.ToString(),
                // HOST and PORT decide where the gateway listens, not an ASPNETCORE_URLS meant for something else.
                ["ASPNETCORE_URLS"] = null,
            };
            foreach (var service in services)
            {
                gatewayEnvironment[$"services__{service.Name}__http__0"] = service.Url.ToString().TrimEnd('/');
            }
            var gateway = Start(Gateway, settings.GatewayUrl, gatewayEnvironment);
            await WaitUntilHealthyAsync([gateway], shutdown);

            var elapsed = DateTime.Now - Process.GetCurrentProcess().StartTime;
            log.Block(ReadySummary.Render(settings, gateway, services, elapsed));

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

    private ResourceProcess Start(string name, Uri url, Dictionary<string, string?> environment)
    {
        environment["OTEL_SERVICE_NAME"] = name;
        var resource = ResourceProcess.Start(name, ResourceEntryPoints.Find(name), url, environment, log);
        running.Add(resource);
        log.Info($"Started {name} (pid {resource.Id}) on {url.ToString().TrimEnd('/')}");
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
