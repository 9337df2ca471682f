using MassTransit;
using McpGateway.Catalog.Mcp.Views;
using McpGateway.Contracts;

namespace McpGateway.Catalog.IntegrationEvents;

/// <summary>
/// Another replica changed the catalog: drop this replica's MCP view. (The transport hands a service's events to one
/// of its replicas; the others notice through <see cref="CatalogRevisionWatcher"/>.)
/// </summary>
public sealed class CatalogChangedConsumer(CatalogViews views) : IConsumer<CatalogChanged>
{
    public Task Consume(ConsumeContext<CatalogChanged> context)
    {
        views.Invalidate();
        return Task.CompletedTask;
    }
}
