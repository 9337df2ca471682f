extern alias gatewayapp;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Mcp.Tests;

/// <summary>
/// The gateway (YARP, the only public origin) in-process in front of catalog replicas (`services:catalog:http:{n}`).
/// With <paramref name="bearerToken"/> it stands in for a client that cannot send one: requests arriving without an
/// `Authorization` header get that bearer token before any of the gateway's own middleware sees them (test code only;
/// the gateway and the catalog check the token as they check any other).
/// </summary>
internal sealed class TestGateway(Uri auth, IReadOnlyList<Uri> catalogs, string? bearerToken = null) : WebApplicationFactory<gatewayapp::Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("services:auth:http:0", auth.ToString());
        builder.UseSetting("services:teams:http:0", auth.ToString());
        for (var replica = 0; replica < catalogs.Count; replica++)
        {
            builder.UseSetting($"services:catalog:http:{replica}", catalogs[replica].ToString());
        }
        if (bearerToken is not null)
        {
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new BearerFilter(bearerToken)));
        }
    }

    /// <summary>The gateway on a real loopback port, for clients outside this process; its address.</summary>
    public Uri Listen()
    {
        UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        StartServer();
        using var client = CreateClient();
        return client.BaseAddress!;
    }

    private sealed class BearerFilter(string token) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, RequestDelegate nextMiddleware) =>
            {
                if (!context.Request.Headers.ContainsKey("Authorization"))
                {
                    context.Request.Headers.Authorization = $"Bearer {token}";
                }
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
