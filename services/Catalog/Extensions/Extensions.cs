using McpGateway.Catalog.Federation;
using McpGateway.Catalog.Infrastructure;
using McpGateway.Catalog.IntegrationEvents;
using McpGateway.Catalog.Mcp;
using McpGateway.ServiceDefaults.Data;
using McpGateway.ServiceDefaults.Messaging;

namespace McpGateway.Catalog.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<CatalogContext>(CatalogContext.ServiceName);
        // Catalog consumes the deny-list events every service takes (tokens and users revoked at the auth service),
        // and its own replicas' CatalogChanged (MCP view invalidation).
        builder.AddIntegrationEvents<CatalogContext>(CatalogContext.ServiceName, consumers => consumers.Add<CatalogChangedConsumer>());
        builder.AddFederation();
        builder.AddMcpEndpoints();
    }
}
