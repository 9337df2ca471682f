using System.Net;
using McpGateway.Catalog.Federation;
using McpGateway.Catalog.Infrastructure;
using McpGateway.Catalog.Model;
using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Authorization;
using McpGateway.TestSupport;
using McpGateway.TestSupport.Mcp;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

// The two endpoints bench/mcp-call.sh loads with wrk, on real loopback ports: the upstream MCP server (the tests'
// C# SDK server, stateless 2026-07-28 requests) and the catalog's virtual server federating it (the script puts the
// gateway's own process in front of it). Prints KEY=value lines, then serves until stdin closes. With `upstreams N`,
// only N upstreams (bench/mcp-memory.sh).
internal static class BenchHost
{
    private const string Admin = "bench-admin@example.com";
    private const string Member = "bench-member@example.com";
    private const string BenchTeam = "bench-team";

    public static async Task Main(string[] args)
    {
        if (args is ["upstreams", var count])
        {
            await ServeUpstreamsAsync(int.Parse(count, System.Globalization.CultureInfo.InvariantCulture));
            return;
        }
        var tokens = new TestTokenIssuer();
        await tokens.StartAsync();
        await using var upstream = await TestMcpServer.StartAsync();
        var catalog = new CatalogHost(new SqliteTestDatabase(), tokens.Address);
        await catalog.InitializeAsync();
        catalog.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        catalog.StartServer();

        string serverId, largeServerId;
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

            // A virtual server of 500 tools for a non-admin member of one team: half of them public, half visible to
            // that team only, so tools/list filters each one for the caller. Catalog tools of no gateway: listed only (a
            // gateway's refresh would remove tools its upstream does not offer).
            catalog.Services.GetRequiredService<PolicyProjection>().Apply(new TeamCreated(BenchTeam, BenchTeam, BenchTeam, false, "private", Member));
            catalog.Services.GetRequiredService<PolicyProjection>().Apply(new TeamMemberAdded(BenchTeam, Member, "member"));
            var many = Enumerable.Range(0, 500).Select(i => new Tool
            {
                Name = $"up-many{i:000}", OriginalName = $"many{i:000}", OwnerEmail = Admin, TeamId = BenchTeam,
                Visibility = i % 2 == 0 ? McpGateway.Catalog.Model.Visibility.Public : McpGateway.Catalog.Model.Visibility.Team, Description = "Echoes the message back.",
                InputSchema = """{"type":"object","properties":{"message":{"type":"string","description":"What to echo"}},"required":["message"]}""",
            }).ToList();
            db.Tools.AddRange(many);
            var large = new Server { Name = "bench-500", OwnerEmail = Admin, TeamId = BenchTeam, Visibility = McpGateway.Catalog.Model.Visibility.Team, Tools = many };
            db.Servers.Add(large);
            await db.SaveChangesAsync();
            largeServerId = large.Id;
        }

        var catalogAddress = catalog.CreateClient().BaseAddress!;
        Console.WriteLine($"DIRECT={upstream.Endpoint.GetLeftPart(UriPartial.Authority)}");
        Console.WriteLine($"CATALOG={catalogAddress.GetLeftPart(UriPartial.Authority)}");
        Console.WriteLine($"TOKENS={tokens.Address.GetLeftPart(UriPartial.Authority)}");
        Console.WriteLine($"SERVER_ID={serverId}");
        Console.WriteLine($"TOKEN={tokens.User(Admin)}");
        Console.WriteLine($"LARGE_SERVER_ID={largeServerId}");
        Console.WriteLine($"MEMBER_TOKEN={tokens.User(Member)}");
        Console.WriteLine($"CATALOG_PID={Environment.ProcessId}");
        Console.WriteLine("READY");
        await Console.In.ReadToEndAsync();
        await catalog.DisposeAsync();
        await tokens.DisposeAsync();
    }

    /// <summary>`upstreams N` (bench/mcp-memory.sh): N test upstream servers, one `UPSTREAM=url` line each, until stdin closes.</summary>
    private static async Task ServeUpstreamsAsync(int count)
    {
        var upstreams = new List<TestMcpServer>();
        for (var i = 0; i < count; i++)
        {
            upstreams.Add(await TestMcpServer.StartAsync());
            Console.WriteLine($"UPSTREAM={upstreams[^1].Endpoint}");
        }
        Console.WriteLine("READY");
        await Console.In.ReadToEndAsync();
        foreach (var upstream in upstreams)
        {
            await upstream.DisposeAsync();
        }
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
