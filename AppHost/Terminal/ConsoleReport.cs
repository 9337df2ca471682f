using System.Diagnostics;
using Aspire.Hosting.Eventing;
using Aspire.Hosting.Lifecycle;
using McpGateway.AppHost.Hosting;
using Microsoft.Extensions.Hosting;

namespace McpGateway.AppHost.Terminal;

/// <summary>
/// What the terminal shows, the rest being on the dashboard: the dashboard's URL, the blocks a service frames for the
/// person at the terminal (a generated password), the summary once the gateway is healthy (its `/health` needs every
/// service healthy), and why a resource stopped. A resource that stops before the gateway is ready stops everything, and
/// AppHost exits with 1. It watches from before the first resource starts, so it misses no state and no line.
/// </summary>
public sealed class ConsoleReport(
    HostSettings settings,
    DistributedApplicationModel model,
    ResourceNotificationService notifications,
    ResourceLoggerService logs,
    IHostApplicationLifetime lifetime) : IDistributedApplicationEventingSubscriber
{
    /// <summary>The name Aspire gives its dashboard resource (Aspire.Hosting's KnownResourceNames is internal).</summary>
    private const string DashboardResource = "aspire-dashboard";

    /// <summary>How long a start may take before the terminal says what is still starting.</summary>
    private static readonly TimeSpan SlowStart = TimeSpan.FromSeconds(60);

    /// <summary>How often the gateway's `/health` is asked while it is not yet healthy.</summary>
    private static readonly TimeSpan HealthPoll = TimeSpan.FromMilliseconds(200);

    private readonly Dictionary<string, ResourceOutput> outputs = ProductResources.All.ToDictionary(name => name, _ => new ResourceOutput());
    private readonly Dictionary<string, CustomResourceSnapshot> latest = [];
    private readonly HashSet<string> reportedStops = [];
    private readonly Lock console = new();
    private string? dashboard;
    private volatile bool ready;

    /// <summary>AppHost's exit code: 1 when a resource stopped before the gateway was ready.</summary>
    public int ExitCode { get; private set; }

    public Task SubscribeAsync(IDistributedApplicationEventing eventing, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken)
    {
        eventing.Subscribe<BeforeStartEvent>((_, _) =>
        {
            _ = RunAsync(lifetime.ApplicationStopping);
            return Task.CompletedTask;
        });
        return Task.CompletedTask;
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            var watches = model.Resources.Where(r => outputs.ContainsKey(r.Name)).Select(r => RecordOutputAsync(r, stopping)).ToList();
            await Task.WhenAll([.. watches, WatchStatesAsync(stopping), AnnounceWhenHealthyAsync(stopping), RemindIfSlowAsync(stopping)]);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Write(Console.Error, $"apphost: the terminal report failed (the dashboard still shows everything): {e}");
        }
    }

    private async Task WatchStatesAsync(CancellationToken stopping)
    {
        await foreach (var update in notifications.WatchAsync(stopping))
        {
            if (update.Resource.Name == DashboardResource)
            {
                OnDashboard(update.Snapshot);
            }
            else if (outputs.ContainsKey(update.Resource.Name) && await OnProductResourceAsync(update, stopping) is false)
            {
                return;
            }
        }
    }

    private void OnDashboard(CustomResourceSnapshot snapshot)
    {
        // Its URL carries the login token (Aspire appends it).
        if (dashboard is null && snapshot.Urls.FirstOrDefault(u => u.Name is "http" or "https") is { } login)
        {
            dashboard = login.Url;
            Write(Console.Out, $"apphost: starting auth, teams, catalog, the admin UI and the gateway. Dashboard (logs, traces, metrics): {dashboard}");
        }
    }

    /// <summary>False once everything is being stopped.</summary>
    private async Task<bool> OnProductResourceAsync(ResourceEvent update, CancellationToken stopping)
    {
        var name = update.Resource.Name;
        var snapshot = update.Snapshot;
        lock (latest)
        {
            latest[name] = snapshot;
        }

        if (!KnownResourceStates.TerminalStates.Contains(snapshot.State?.Text))
        {
            reportedStops.Remove(update.ResourceId); // (re)started: its next stop is news again
        }
        else if (!stopping.IsCancellationRequested && reportedStops.Add(update.ResourceId))
        {
            // Let the last lines it wrote arrive: they say why.
            await Task.Delay(TimeSpan.FromMilliseconds(500), stopping);
            ReportStop(name, snapshot);
            if (!ready)
            {
                ExitCode = 1;
                lifetime.StopApplication();
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// The summary, as soon as the gateway's `/health` (which needs every service healthy) answers 200, asked every
    /// 200 ms from the start: refused until the gateway listens, and no other process holds its port (HostSettings
    /// refuses one already taken). Not Aspire's Healthy state: Aspire asks a resource that is not healthy yet again after
    /// 1, 2, 3, 4, then every 5 s, which put the summary up to 5 s after the gateway was healthy.
    /// </summary>
    private async Task AnnounceWhenHealthyAsync(CancellationToken stopping)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var health = new Uri($"{settings.GatewayUrl}/health");
        while (!await IsHealthyAsync(client, health, stopping))
        {
            await Task.Delay(HealthPoll, stopping);
        }
        ready = true;
        using var self = Process.GetCurrentProcess();
        Write(Console.Out, ReadySummary.Render(settings, dashboard, ResourceUrls(), DateTime.Now - self.StartTime));
    }

    private static async Task<bool> IsHealthyAsync(HttpClient client, Uri health, CancellationToken stopping)
    {
        try
        {
            using var response = await client.GetAsync(health, stopping);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !stopping.IsCancellationRequested))
        {
            return false;
        }
    }

    private async Task RecordOutputAsync(IResource resource, CancellationToken stopping)
    {
        var output = outputs[resource.Name];
        await foreach (var batch in logs.WatchAsync(resource).WithCancellation(stopping))
        {
            foreach (var line in batch)
            {
                if (output.Add(line) is { } framed)
                {
                    Write(Console.Out, string.Join(Environment.NewLine, framed.Select(text => $"{resource.Name} | {text}")));
                }
            }
        }
    }

    /// <summary>A start that hangs (a database that does not answer, say) is not silent: what is each resource waiting for?</summary>
    private async Task RemindIfSlowAsync(CancellationToken stopping)
    {
        await Task.Delay(SlowStart, stopping);
        if (ready)
        {
            return;
        }
        lock (latest)
        {
            var states = ProductResources.All.Select(name => latest.TryGetValue(name, out var s)
                ? $"{name} {s.State?.Text ?? "pending"}{(s.HealthStatus is { } health ? $", {health.ToString().ToLowerInvariant()}" : "")}"
                : $"{name} pending");
            Write(Console.Out, $"apphost: still starting after {SlowStart.TotalSeconds:0} s: {string.Join("; ", states)}. Each resource's output is on the dashboard.");
        }
    }

    private Dictionary<string, string> ResourceUrls()
    {
        lock (latest)
        {
            return latest
                .Select(r => (r.Key, Url: r.Value.Urls.FirstOrDefault(u => u.Name == "http")?.Url))
                .Where(r => r.Url is not null)
                .ToDictionary(r => r.Key, r => r.Url!);
        }
    }

    private void ReportStop(string name, CustomResourceSnapshot snapshot)
    {
        var how = snapshot.State?.Text == KnownResourceStates.FailedToStart ? "failed to start"
            : snapshot.ExitCode is { } code ? $"exited with code {code}"
            : "stopped";
        List<string> lines =
        [
            $"apphost: {name} {how}{(ready ? "" : " before the gateway was ready; stopping everything")}. Its last output:",
            .. outputs[name].LastWords().Select(text => $"{name} | {text}"),
        ];
        if (ready)
        {
            lines.Add($"apphost: {name}'s whole output is on the dashboard.");
        }
        Write(Console.Error, string.Join(Environment.NewLine, lines));
    }

    private void Write(TextWriter writer, string text)
    {
        lock (console)
        {
            writer.WriteLine(text);
        }
    }
}
