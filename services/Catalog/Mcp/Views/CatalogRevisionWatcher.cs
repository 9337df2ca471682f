using McpGateway.Catalog.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Catalog.Mcp.Views;

/// <summary>
/// Loads the view at start-up, then reads <see cref="CatalogRevision"/> every <see cref="McpSettings.CatalogPollInterval"/>
/// and invalidates the view when another replica changed the catalog; rebuilds it anyway every
/// <see cref="McpSettings.CatalogReloadInterval"/> (changes no interceptor saw: bulk updates, hand edits).
/// </summary>
internal sealed class CatalogRevisionWatcher(IServiceScopeFactory scopes, CatalogViews views, McpSettings settings, TimeProvider time,
    ILogger<CatalogRevisionWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string? seen = null;
        var first = true;
        var reloadedAt = time.GetUtcNow();
        views.Invalidate();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(settings.CatalogPollInterval, time, stoppingToken);
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<CatalogContext>();
                var revision = await db.Set<CatalogRevision>().AsNoTracking().Where(r => r.Id == CatalogRevision.SingletonId)
                    .Select(r => r.Revision).FirstOrDefaultAsync(stoppingToken);
                var reloadDue = time.GetUtcNow() - reloadedAt >= settings.CatalogReloadInterval;
                // The first read invalidates too: the start-up load may have read the catalog before a change whose
                // revision this read is the first to see.
                if (first || revision != seen || reloadDue)
                {
                    views.Invalidate();
                    reloadedAt = time.GetUtcNow();
                }
                seen = revision;
                first = false;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Reading the catalog revision failed; the MCP view is checked again at the next interval");
            }
        }
    }
}
