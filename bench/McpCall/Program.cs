extern alias gatewayapp;

using System.Net;
using McpGateway.Catalog.Federation;
using McpGateway.Catalog.Infrastructure;
using McpGateway.Catalog.Model;
using McpGateway.TestSupport;
using McpGateway.TestSupport.Mcp;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

// The three endpoints bench/mcp-call.sh loads with wrk, on real loopback ports: the upstream MCP server (the tests'
// C# SDK server, stateless 2026-07-28 requests), the catalog's virtual server federating it, and the gateway in front
// of the catalog. Prints KEY=value lines, then serves until stdin closes.
internal static class BenchHost
{
    private const string Admin = "bench-admin@example.com";

    public static async Task Main()
    {
        var tokens = new TestTokenIssuer();
        await tokens.StartAsync();
        await using var upstream = await TestMcpServer.StartAsync();
        var catalog = new CatalogHost(new SqliteTestDatabase(), tokens.Address);
        await catalog.InitializeAsync();
        catalog.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        catalog.StartServer();

        string serverId;
        await using (var scope = catalog.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogContext>();
            var gateway = new Gateway { Name = "up", Slug = "up", Url = upstream.Endpoint.AbsoluteUri, Transport = "streamablehttp", AuthType = "none", OwnerEmail = Admin };
            db.Gateways.Add(gateway);
            await db.SaveChangesAsync();
            var registered = await scope.ServiceProvider.GetRequiredService<IGatewayFederation>().RegisterAsync(gateway.Id);
            if (!registered.Reachable)
            {
                throw new InvalidOperationException($"The upstream could not be registered: {registered.Error}");
            }
            var server = new Server { Name = "bench", OwnerEmail = Admin, Tools = await db.Tools.Where(t => t.GatewayId == gateway.Id).ToListAsync() };
            db.Servers.Add(server);
            await db.SaveChangesAsync();
            serverId = server.Id;
        }

        var catalogAddress = catalog.CreateClient().BaseAddress!;
        await using var front = new GatewayHost(tokens.Address, catalogAddress);
        front.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        front.StartServer();

        Console.WriteLine($"DIRECT={upstream.Endpoint.GetLeftPart(UriPartial.Authority)}");
        Console.WriteLine($"CATALOG={catalogAddress.GetLeftPart(UriPartial.Authority)}");
        Console.WriteLine($"GATEWAY={front.CreateClient().BaseAddress!.GetLeftPart(UriPartial.Authority)}");
        Console.WriteLine($"SERVER_ID={serverId}");
        Console.WriteLine($"TOKEN={tokens.User(Admin)}");
        Console.WriteLine($"CATALOG_PID={Environment.ProcessId}");
        Console.WriteLine("READY");
        await Console.In.ReadToEndAsync();
        await catalog.DisposeAsync();
        await tokens.DisposeAsync();
    }
}

/// <summary>The catalog service, Production environment, the bench's token issuer as its auth service.</summary>
internal sealed class CatalogHost(TestDatabase database, Uri auth) : ServiceFactory<Program>(CatalogContext.ServiceName, database)
{
    public override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["services:auth:http:0"] = auth.AbsoluteUri,
        ["PLATFORM_ADMIN_EMAIL"] = "bench-admin@example.com",
        ["LOG_LEVEL"] = "Warning",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseContentRoot(AppContext.BaseDirectory); // not a source folder: this runs outside the repository's tests
    }
}

internal sealed class GatewayHost(Uri auth, Uri catalog) : WebApplicationFactory<gatewayapp::Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("services:auth:http:0", auth.ToString());
        builder.UseSetting("services:teams:http:0", auth.ToString());
        builder.UseSetting("services:catalog:http:0", catalog.ToString());
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseContentRoot(AppContext.BaseDirectory);
    }
}
