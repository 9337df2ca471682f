using McpGateway.Catalog.Infrastructure;

namespace McpGateway.Catalog.Mcp.Metrics;

/// <summary>Writes what <see cref="ToolCallMetrics"/> counted to `tool_metrics` every interval, and once more at shutdown.</summary>
internal sealed class ToolMetricsFlusher(ToolCallMetrics metrics, IServiceScopeFactory scopes, McpSettings settings, TimeProvider time,
    ILogger<ToolMetricsFlusher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(settings.MetricsFlushInterval, time, stoppingToken);
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    internal async Task FlushAsync(CancellationToken cancellationToken)
    {
        var rows = metrics.Take(time.GetUtcNow().UtcDateTime);
        if (rows.Count == 0)
        {
            return;
        }
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CatalogContext>();
            db.Set<ToolMetricsRecord>().AddRange(rows);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            metrics.Restore(rows);
            logger.LogWarning(exception, "Storing tool call metrics failed; they are kept for the next flush");
        }
    }
}
