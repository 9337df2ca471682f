using McpGateway.Catalog.Federation.Upstream;
using McpGateway.Catalog.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Catalog.Federation;

/// <summary>
/// Discovery over the pooled upstream sessions (<see cref="UpstreamConnections"/>): reads what the upstream offers,
/// stores it (<see cref="DiscoverySync"/>) and records reachability. A failure marks the gateway unreachable once
/// <see cref="FederationSettings.UnhealthyThreshold"/> refreshes in a row have failed, and <see cref="FederationHealth"/>
/// spaces the next attempts out.
/// </summary>
internal sealed class GatewayFederation(
    CatalogContext db,
    UpstreamConnections connections,
    FederationHealth health,
    FederationSettings settings,
    ILogger<GatewayFederation> logger) : IGatewayFederation
{
    public async Task<FederationResult> RegisterAsync(string gatewayId, CancellationToken cancellationToken = default)
    {
        await connections.CloseAsync(gatewayId);
        return await RefreshAsync(gatewayId, cancellationToken);
    }

    public async Task<FederationResult> RefreshAsync(string gatewayId, CancellationToken cancellationToken = default)
    {
        using var refreshing = await health.RefreshingAsync(gatewayId, cancellationToken);
        var gateway = await db.Gateways.FirstOrDefaultAsync(g => g.Id == gatewayId, cancellationToken);
        if (gateway is null)
        {
            await connections.CloseAsync(gatewayId);
            return FederationResult.Failed(gatewayId, "No such gateway.");
        }
        if (!gateway.Enabled)
        {
            await connections.CloseAsync(gatewayId);
            return FederationResult.Failed(gatewayId, "The gateway is disabled.");
        }
        if (!Uri.TryCreate(gateway.Url, UriKind.Absolute, out _))
        {
            return FederationResult.Failed(gatewayId, "The gateway's URL is not absolute.");
        }

        var connection = connections.For(UpstreamEndpoint.From(gateway));
        UpstreamInventory inventory;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(settings.ConnectTimeout * 3);
            try
            {
                inventory = await ReadWithOneReconnectAsync(connection, timeout.Token);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var failures = health.Failed(gatewayId);
                logger.LogWarning("Refreshing gateway {Gateway} ({Url}) failed ({Failures} in a row): {Error}", gateway.Slug, gateway.Url, failures, exception.Message);
                if (failures >= settings.UnhealthyThreshold && gateway.Reachable)
                {
                    gateway.Reachable = false;
                    await db.SaveChangesAsync(cancellationToken);
                }
                return FederationResult.Failed(gatewayId, $"The upstream could not be reached or refused discovery: {exception.Message}");
            }
        }

        var sync = new DiscoverySync(db, settings);
        await sync.ApplyAsync(gateway, inventory, cancellationToken);
        var now = DateTime.UtcNow;
        gateway.Reachable = true;
        gateway.LastSeenAt = now;
        gateway.LastRefreshedAt = now;
        gateway.Capabilities = System.Text.Json.JsonSerializer.Serialize(inventory.Capabilities, ModelContextProtocol.McpJsonUtilities.DefaultOptions);
        await db.SaveChangesAsync(cancellationToken);
        health.Succeeded(gatewayId);
        if (sync.Added + sync.Updated + sync.Removed > 0)
        {
            logger.LogInformation("Gateway {Gateway}: {Added} added, {Updated} updated, {Removed} removed", gateway.Slug, sync.Added, sync.Updated, sync.Removed);
        }
        return new FederationResult(gatewayId, true, inventory.Tools.Count, inventory.Resources.Count, inventory.ResourceTemplates.Count,
            inventory.Prompts.Count, sync.Added, sync.Updated, sync.Removed, null);
    }

    private static async Task<UpstreamInventory> ReadWithOneReconnectAsync(UpstreamConnection connection, CancellationToken cancellationToken)
    {
        var client = await connection.ClientAsync(cancellationToken);
        try
        {
            return await UpstreamInventory.ReadAsync(client, cancellationToken);
        }
        catch (Exception exception) when (UpstreamConnections.IsConnectionFailure(exception))
        {
            // The shared session went stale (the upstream restarted, or forgot it): one new session, one more try.
            connection.Reset(client);
            return await UpstreamInventory.ReadAsync(await connection.ClientAsync(cancellationToken), cancellationToken);
        }
    }
}
