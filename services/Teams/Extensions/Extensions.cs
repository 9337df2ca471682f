using McpGateway.ServiceDefaults.Data;
using McpGateway.Teams.Infrastructure;

namespace McpGateway.Teams.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<TeamsContext>(TeamsContext.ServiceName);
    }
}
