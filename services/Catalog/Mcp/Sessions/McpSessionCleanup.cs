using McpGateway.Catalog.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Catalog.Mcp.Sessions;

/// <summary>Deletes session handshakes older than <see cref="McpSettings.SessionRetention"/>, hourly (any replica; idempotent).</summary>
internal sealed class McpSessionCleanup(IServiceScopeFactory scopes, McpSettings settings, TimeProvider time, ILogger<McpSessionCleanup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromHours(1), time, stoppingToken);
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var cutoff = time.GetUtcNow().UtcDateTime - settings.SessionRetention;
                    await scope.ServiceProvider.GetRequiredService<CatalogContext>().Set<McpSessionRecord>()
                        .Where(s => s.CreatedAt < cutoff).ExecuteDeleteAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    logger.LogWarning(exception, "Pruning old MCP sessions failed; trying again in an hour");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
