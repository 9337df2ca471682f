using McpGateway.Catalog.Federation.Upstream;
using McpGateway.Catalog.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Catalog.Federation;

/// <summary>
/// Keeps every enabled gateway discovered: refreshes each when it is due (<see cref="FederationHealth"/>: periodically,
/// with backoff while unreachable) and at once when its upstream announces that a list changed. Closes the
/// connections of gateways that were deleted or disabled.
/// </summary>
internal sealed class FederationRefresher(
    IServiceScopeFactory scopes,
    UpstreamConnections connections,
    FederationHealth health,
    ILogger<FederationRefresher> logger) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _wake = new(0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        connections.ListChanged += OnListChanged;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await RefreshDueAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    logger.LogWarning(exception, "The federation refresh pass failed; trying again shortly");
                }
                await _wake.WaitAsync(Tick, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            connections.ListChanged -= OnListChanged;
        }
    }

    private void OnListChanged(string gatewayId)
    {
        health.DueNow(gatewayId);
        _wake.Release();
    }

    private async Task RefreshDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogContext>();
        var enabled = await db.Gateways.AsNoTracking().Where(g => g.Enabled).Select(g => g.Id).ToListAsync(cancellationToken);
        foreach (var gone in connections.ConnectedGateways.Except(enabled))
        {
            await connections.CloseAsync(gone);
            health.Forget(gone);
        }
        foreach (var gatewayId in enabled.Where(health.IsDue))
        {
            await using var refreshScope = scopes.CreateAsyncScope();
            try
            {
                await refreshScope.ServiceProvider.GetRequiredService<IGatewayFederation>().RefreshAsync(gatewayId, cancellationToken);
            }
            catch (DbUpdateException exception)
            {
                // Another replica stored the same discovery a moment earlier (or the gateway was deleted meanwhile):
                // the next pass compares against what is stored now.
                health.Failed(gatewayId);
                logger.LogDebug(exception, "Storing the discovery of gateway {Gateway} conflicted with another change", gatewayId);
            }
        }
    }
}
