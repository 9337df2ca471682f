using Microsoft.EntityFrameworkCore;

namespace McpGateway.Mcp.Tests;

/// <summary>
/// The MCP conformance suite's server scenarios against server-everything directly, then against a virtual server
/// federating it, through the real gateway and a catalog replica on real ports: every check that passes directly
/// passes through us. The virtual server exposes the upstream's own tool and prompt names (the scenarios call tools
/// and prompts by name); the suite cannot send a bearer token, so the gateway host adds the caller's.
/// </summary>
public sealed class ConformanceTests(SqliteMcpFactory factory) : IClassFixture<SqliteMcpFactory>, IAsyncLifetime
{
    private EverythingServer _everything = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _everything = await EverythingServer.StartAsync(Cancel);

    public async ValueTask DisposeAsync() => await _everything.DisposeAsync();

    [Fact]
    public async Task A_virtual_server_federating_server_everything_passes_every_conformance_check_server_everything_passes()
    {
        factory.Require();
        var developer = "dev-conformance@example.com";
        var team = factory.Team("team-conformance", [developer], (developer, "developer"));
        var gateway = await factory.Seed.GatewayAsync(_everything.Endpoint, "everything", developer, team, authType: "none", authValue: null);
        var registered = await factory.Seed.RegisterAsync(gateway.Id);
        Assert.True(registered.Reachable, registered.Error);
        var server = await factory.Seed.ServerAsync(developer, gateway.Id, team);
        await factory.Seed.WriteAsync(async db => (await db.Servers.SingleAsync(s => s.Id == server.Id)).ExposeOriginalNames = true);

        await using var replica = factory.ListeningReplica();
        await using var front = new TestGateway(factory.Tokens.Address, [McpFactory.Address(replica)], factory.Tokens.User(developer));
        var gatewayAddress = front.Listen();

        var direct = await ConformanceSuite.RunAsync(_everything.Endpoint, Cancel);
        var federated = await ConformanceSuite.RunAsync(new Uri(gatewayAddress, $"/servers/{server.Id}/mcp"), Cancel);

        var passingDirectly = ConformanceSuite.Passing(direct);
        var passingThroughUs = ConformanceSuite.Passing(federated);
        var output = TestContext.Current.TestOutputHelper!;
        output.WriteLine($"Passing against server-everything directly ({passingDirectly.Count} of {direct.Count}):");
        passingDirectly.ToList().ForEach(check => output.WriteLine("  " + check));
        output.WriteLine($"Passing through a virtual server ({passingThroughUs.Count} of {federated.Count}):");
        passingThroughUs.ToList().ForEach(check => output.WriteLine("  " + check));

        Assert.NotEmpty(passingDirectly);
        var lost = passingDirectly.Except(passingThroughUs).Select(check => $"{check} ({federated.GetValueOrDefault(check, "not run")})").ToList();
        Assert.True(lost.Count == 0, "Passing directly but not through the virtual server: " + string.Join(", ", lost));
    }
}
