using System.Runtime;
using Microsoft.Extensions.Hosting;

namespace McpGateway.ServiceDefaults.Hosting;

/// <summary>
/// Start-up builds a lot that is garbage a moment later (EF Core's model, migrations, key generation, configuration).
/// One aggressive, compacting collection shortly after the service has started returns that memory to the OS, so an
/// idle replica stays small; steady-state collections are left to the GC.
/// </summary>
internal sealed class StartupMemoryTrim(IHostApplicationLifetime lifetime) : IHostedService
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(5);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => _ = TrimAsync(lifetime.ApplicationStopping));
        return Task.CompletedTask;
    }

    private static async Task TrimAsync(CancellationToken stopping)
    {
        try
        {
            await Task.Delay(Delay, stopping);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
