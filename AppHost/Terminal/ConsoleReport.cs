using System.Diagnostics;
using Aspire.Hosting.Eventing;
using Aspire.Hosting.Lifecycle;
using McpGateway.AppHost.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace McpGateway.AppHost.Terminal;

/// <summary>
/// What the terminal shows, the rest being on the dashboard: the summary once the gateway is healthy, the blocks a
/// service frames for the person at the terminal (a generated password), and why a resource stopped. A resource that
/// stops before the gateway is ready stops everything, and AppHost exits with 1.
/// It watches from before the first resource starts: Aspire's host does not finish starting (so no hosted service of
/// ours would run) while the gateway still waits for a service that failed.
/// </summary>
public sealed class ConsoleReport(
    HostSettings settings,
    DistributedApplicationModel model,
    ResourceNotificationService notifications,
    ResourceLoggerService logs,
    IHostApplicationLifetime lifetime) : IDistributedApplicationEventingSubscriber
{
    private readonly Dictionary<string, ResourceOutput> outputs = ProductResources.All.ToDictionary(name => name, _ => new ResourceOutput());
    private readonly Lock console = new();

    /// <summary>The name Aspire gives its dashboard resource (Aspire.Hosting's KnownResourceNames is internal).</summary>
    private const string DashboardResource = "aspire-dashboard";

    /// <summary>AppHost's exit code: 1 when a resource stopped before the gateway was ready.</summary>
    public int ExitCode { get; private set; }

    public Task SubscribeAsync(IDistributedApplicationEventing eventing, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken)
    {
        eventing.Subscribe<BeforeStartEvent>((_, _) =>
        {
            _ = WatchAsync(lifetime.ApplicationStopping);
            return Task.CompletedTask;
        });
        return Task.CompletedTask;
    }

    private async Task WatchAsync(CancellationToken stoppingToken)
    {
        try
        {
            await ReportAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ReportAsync(CancellationToken stoppingToken)
    {
        foreach (var resource in model.Resources.Where(r => outputs.ContainsKey(r.Name)))
        {
            _ = RecordOutputAsync(resource, stoppingToken);
        }

        string? dashboard = null;
        var urls = new Dictionary<string, string>();
        var ready = false;
        var reported = new HashSet<string>();
        await foreach (var update in notifications.WatchAsync(stoppingToken))
        {
            var name = update.Resource.Name;
            var snapshot = update.Snapshot;
            if (name == DashboardResource)
            {
                if (dashboard is null && snapshot.Urls.FirstOrDefault(u => u.Name is "http" or "https") is { } login)
                {
                    dashboard = login.Url;
                    Write(Console.Out, $"apphost: starting auth, teams and catalog, then the gateway. Dashboard (logs, traces, metrics): {dashboard}");
                }
                continue;
            }
            if (!outputs.ContainsKey(name))
            {
                continue;
            }
            if (snapshot.Urls.FirstOrDefault(u => u.Name == "http") is { } url)
            {
                urls[name] = url.Url;
            }

            if (!KnownResourceStates.TerminalStates.Contains(snapshot.State?.Text))
            {
                reported.Remove(update.ResourceId); // (re)started: report its next stop too
            }
            else if (!stoppingToken.IsCancellationRequested && reported.Add(update.ResourceId))
            {
                // Let the last lines it wrote arrive; they say why.
                await Task.Delay(TimeSpan.FromMilliseconds(500), stoppingToken);
                ReportStop(name, snapshot, ready);
                if (!ready)
                {
                    ExitCode = 1;
                    lifetime.StopApplication();
                    return;
                }
            }

            if (!ready && name == ProductResources.Gateway && snapshot.HealthStatus == HealthStatus.Healthy)
            {
                ready = true;
                using var self = Process.GetCurrentProcess();
                Write(Console.Out, ReadySummary.Render(settings, dashboard, urls, DateTime.Now - self.StartTime));
            }
        }
    }

    private async Task RecordOutputAsync(IResource resource, CancellationToken stoppingToken)
    {
        var output = outputs[resource.Name];
        try
        {
            await foreach (var batch in logs.WatchAsync(resource).WithCancellation(stoppingToken))
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
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void ReportStop(string name, CustomResourceSnapshot snapshot, bool ready)
    {
        var how = snapshot.State?.Text == KnownResourceStates.FailedToStart ? "failed to start"
            : snapshot.ExitCode is { } code ? $"exited with code {code}"
            : "stopped";
        var lines = new List<string>
        {
            $"apphost: {name} {how}{(ready ? "" : " before the gateway was ready; stopping everything")}. Its last words:",
        };
        lines.AddRange(outputs[name].LastWords().Select(text => $"{name} | {text}"));
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
