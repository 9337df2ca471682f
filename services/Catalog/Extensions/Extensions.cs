using McpGateway.Catalog.Infrastructure;
using McpGateway.ServiceDefaults.Data;
using McpGateway.ServiceDefaults.Messaging;

namespace McpGateway.Catalog.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<CatalogContext>(CatalogContext.ServiceName);
        // Catalog consumes the deny-list events every service takes (tokens and users revoked at the auth service).
        builder.AddIntegrationEvents<CatalogContext>(CatalogContext.ServiceName);
    }
}
