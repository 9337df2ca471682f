using McpGateway.Catalog.Infrastructure;
using McpGateway.ServiceDefaults.Data;

namespace McpGateway.Catalog.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<CatalogContext>(CatalogContext.ServiceName);
    }
}
