using McpGateway.ServiceDefaults.Data;
using McpGateway.ServiceDefaults.Messaging;
using McpGateway.Teams.Infrastructure;
using McpGateway.Teams.IntegrationEvents;

namespace McpGateway.Teams.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<TeamsContext>(TeamsContext.ServiceName);
        builder.AddIntegrationEvents<TeamsContext>(TeamsContext.ServiceName, consumers => consumers.Add<UsersProjection>());
    }
}
