using McpGateway.Catalog.Federation;
using McpGateway.Catalog.Infrastructure;
using McpGateway.Catalog.Model;
using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Authorization;
using McpGateway.TestSupport;
using McpGateway.TestSupport.Mcp;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;

namespace McpGateway.Mcp.Tests;

/// <summary>
/// The catalog service in-process on a real database, trusting <see cref="Tokens"/> as it trusts the auth service,
/// with a real upstream MCP server (<see cref="Upstream"/>) to federate. Catalog rows are written through the
/// service's own DbContext (the catalog API is another piece of work); teams and roles are applied to the service's
/// policy projection as the teams service's events would.
/// </summary>
public abstract class McpFactory(TestDatabase database) : ServiceFactory<Program>(CatalogContext.ServiceName, database)
{
    public const string PlatformAdmin = "root@example.com";
    public const string UpstreamToken = "Bearer upstream-secret";

    public TestTokenIssuer Tokens { get; } = new();

    public TestMcpServer Upstream { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await Tokens.StartAsync();
        Upstream = await TestMcpServer.StartAsync(requiredAuthorization: UpstreamToken);
        await base.InitializeAsync();
    }

    public override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["services:auth:http:0"] = Tokens.Address.AbsoluteUri,
        ["PLATFORM_ADMIN_EMAIL"] = PlatformAdmin,
        // Upstream credentials are sealed under it; replicas on one PostgreSQL database must share it.
        ["AUTH_ENCRYPTION_SECRET"] = "mcp-tests-encryption-secret-0123456789abcdef",
        ["HEALTH_CHECK_INTERVAL"] = "3600",
        ["UNHEALTHY_THRESHOLD"] = "1",
        ["CATALOG_CACHE_POLL_SECONDS"] = "0.2",
    };

    /// <summary>An MCP client of a virtual server, through the catalog's MCP endpoint, with <paramref name="token"/>.</summary>
    public Task<McpClient> ConnectAsync(string serverId, string token, string? protocolVersion = null) =>
        McpClients.ConnectAsync(CreateDefaultClient(), $"/servers/{serverId}/mcp", token, protocolVersion);

    public CatalogSeed Seed => new(Services);

    /// <summary>A gateway of a team federating <see cref="Upstream"/>, a virtual server offering all of it, and a developer of the team.</summary>
    public async Task<(Server Server, string Slug, string Token)> FederatedServerAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var developer = $"dev-{suffix}@example.com";
        var team = Team("team-" + suffix, [developer], (developer, "developer"));
        var slug = "up" + suffix;
        var gateway = await Seed.GatewayAsync(Upstream.Endpoint, slug, developer, team);
        var result = await Seed.RegisterAsync(gateway.Id);
        Assert.True(result.Reachable, result.Error);
        return (await Seed.ServerAsync(developer, gateway.Id, team), slug, Tokens.User(developer));
    }

    /// <summary>
    /// Another catalog process on the same database, on a real loopback port, knowing every teams event applied so far;
    /// <paramref name="configure"/> adds to its services.
    /// </summary>
    public WebApplicationFactory<Program> ListeningReplica(Action<IServiceCollection>? configure = null)
    {
        var replica = WithWebHostBuilder(builder => builder.ConfigureServices(services => configure?.Invoke(services)));
        replica.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        replica.StartServer();
        ReplayTeamsEventsTo(replica.Services);
        return replica;
    }

    /// <summary>The address a <see cref="ListeningReplica"/> listens at.</summary>
    public static Uri Address(WebApplicationFactory<Program> replica)
    {
        using var client = replica.CreateClient();
        return client.BaseAddress!;
    }

    /// <summary>Applies teams events to the catalog's policy projection (what its teams consumers do in production).</summary>
    public void Apply(params IntegrationEvent[] events)
    {
        var projection = Services.GetRequiredService<PolicyProjection>();
        foreach (var integrationEvent in events)
        {
            projection.Apply(integrationEvent);
            lock (_applied)
            {
                _applied.Add(integrationEvent);
            }
        }
    }

    private readonly List<IntegrationEvent> _applied = [];

    /// <summary>Applies every teams event applied so far to another replica's projection (its consumers would).</summary>
    public void ReplayTeamsEventsTo(IServiceProvider replica)
    {
        var projection = replica.GetRequiredService<PolicyProjection>();
        lock (_applied)
        {
            foreach (var integrationEvent in _applied)
            {
                projection.Apply(integrationEvent);
            }
        }
    }

    /// <summary>A team with its members (`member` role each), and a role assignment in it per (email, role).</summary>
    public string Team(string teamId, string[] members, params (string Email, string Role)[] roles)
    {
        Apply(new TeamCreated(teamId, teamId, teamId, false, "private", members.FirstOrDefault() ?? PlatformAdmin));
        foreach (var member in members)
        {
            Apply(new TeamMemberAdded(teamId, member, "member"));
        }
        foreach (var (email, role) in roles)
        {
            var permissions = DefaultRoles.All.Single(r => r.Id == role).Permissions.ToList();
            Apply(new RoleAssigned(Guid.NewGuid().ToString("N"), email, role, role, "team", teamId, permissions, null));
        }
        return teamId;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Upstream.DisposeAsync();
        await Tokens.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteMcpFactory() : McpFactory(new SqliteTestDatabase());

public sealed class PostgresMcpFactory() : McpFactory(new PostgresTestDatabase());
