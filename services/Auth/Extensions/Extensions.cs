using McpGateway.Auth.Infrastructure;
using McpGateway.ServiceDefaults.Data;

namespace McpGateway.Auth.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<AuthContext>(AuthContext.ServiceName);
    }
}
