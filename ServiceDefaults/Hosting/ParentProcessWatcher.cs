using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace McpGateway.ServiceDefaults.Hosting;

/// <summary>
/// When started by AppHost (`MCPGATEWAY_PARENT_PID`), stops this process gracefully if AppHost disappears,
/// even when it was killed outright and could not stop its children itself: no orphans hold the ports.
/// </summary>
internal sealed class ParentProcessWatcher(IConfiguration configuration, IHostApplicationLifetime lifetime, ILogger<ParentProcessWatcher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!int.TryParse(configuration["MCPGATEWAY_PARENT_PID"], out var pid))
        {
            return;
        }
        Process parent;
        try
        {
            parent = Process.GetProcessById(pid);
        }
        catch (ArgumentException)
        {
            parent = null!;
        }
        using (parent)
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            while (parent is not null && !parent.HasExited && await timer.WaitForNextTickAsync(stoppingToken))
            {
            }
        }
        logger.LogWarning("Parent process {Pid} is gone; shutting down", pid);
        lifetime.StopApplication();
    }
}
