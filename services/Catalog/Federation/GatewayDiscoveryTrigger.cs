using McpGateway.Catalog.Infrastructure;
using McpGateway.Catalog.Model;

namespace McpGateway.Catalog.Federation;

/// <summary>
/// A gateway created or changed through the catalog API (or added from the server catalog) is discovered at once, in
/// the background, rather than at the refresher's next round (HEALTH_CHECK_INTERVAL): its tools, resources and prompts
/// appear seconds after the request. Discovery's outcome shows on the gateway (reachable, last seen) and in the logs.
/// </summary>
internal sealed class GatewayDiscoveryTrigger(CatalogChanges changes, IServiceScopeFactory scopes, ILogger<GatewayDiscoveryTrigger> logger) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        changes.Changed += OnChanged;
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        changes.Changed -= OnChanged;
        await _stopping.CancelAsync();
    }

    private void OnChanged(CatalogChange change)
    {
        if (change.Kind == EntityKind.Gateways && change is { Deleted: false, Id.Length: > 0 })
        {
            _ = DiscoverAsync(change.Id);
        }
    }

    private async Task DiscoverAsync(string gatewayId)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IGatewayFederation>().RegisterAsync(gatewayId, _stopping.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException || !_stopping.IsCancellationRequested)
        {
            logger.LogWarning(e, "Discovery of gateway {GatewayId} after its change failed; the refresher tries again", gatewayId);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }
}
