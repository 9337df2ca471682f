using McpGateway.Admin.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Http.Resilience;

namespace McpGateway.Admin.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var settings = AdminSettings.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(TimeProvider.System);

        // The session cookie is encrypted with this key ring: replicas that share the directory read each other's cookies.
        builder.Services.AddDataProtection()
            .SetApplicationName("mcpgateway-admin")
            .PersistKeysToFileSystem(Directory.CreateDirectory(settings.KeysDirectory));

        builder.AddAdminSignIn(settings);

        builder.Services.AddHttpContextAccessor();
        builder.Services.AddHttpClient<GatewayApi>(GatewayApi.ClientName, client => client.BaseAddress = settings.ApiBaseAddress);
        // A POST that timed out may have happened: only safe methods are retried (a team is not created twice), and a
        // code or refresh token is never presented twice (the provider would revoke the grant).
        foreach (var client in new[] { GatewayApi.ClientName, PublicOriginRewriter.ClientName })
        {
            builder.Services.Configure<HttpStandardResilienceOptions>(client + "-standard", options => options.Retry.DisableForUnsafeHttpMethods());
        }

        builder.Services.AddRazorPages(options => options.Conventions.AllowAnonymousToPage("/SignInFailed"));
    }
}
