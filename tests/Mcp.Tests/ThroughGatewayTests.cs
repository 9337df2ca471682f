using McpGateway.TestSupport.Mcp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.Client;

namespace McpGateway.Mcp.Tests;

/// <summary>
/// The path a user's MCP client takes: the gateway (YARP, the only public origin) in front of two catalog replicas on
/// real ports, round-robin, no sticky routing, one database; the upstream a real MCP server. Successive messages of
/// one client land on alternate replicas, so a 2025-11-25 session is continued by the replica that did not open it.
/// </summary>
public abstract class ThroughGatewayTests<TFactory>(TFactory factory) : IClassFixture<TFactory> where TFactory : McpFactory
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(VirtualServerTests<SqliteMcpFactory>.Sessions)]
    [InlineData(VirtualServerTests<SqliteMcpFactory>.Stateless)]
    public async Task A_client_through_the_gateway_is_served_by_both_replicas_and_filtered_per_caller(string version)
    {
        factory.Require();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (developer, outsider) = ($"dev-{suffix}@example.com", $"out-{suffix}@example.com");
        var team = factory.Team("team-" + suffix, [developer], (developer, "developer"));
        factory.Team("other-" + suffix, [outsider], (outsider, "developer"));
        var slug = "g" + suffix;
        var gateway = await factory.Seed.GatewayAsync(factory.Upstream.Endpoint, slug, developer, team);
        Assert.True((await factory.Seed.RegisterAsync(gateway.Id)).Reachable);
        await factory.Seed.UpdateToolAsync($"{slug}-echo", tool => tool.Visibility = Catalog.Model.Visibility.Team);
        var server = await factory.Seed.ServerAsync(developer, gateway.Id, team);

        var (servedA, servedB) = (new Counter(), new Counter());
        await using var replicaA = Replica(servedA);
        await using var replicaB = Replica(servedB);
        await using var front = new TestGateway(factory.Tokens.Address, [Address(replicaA), Address(replicaB)]);

        await using var client = await McpClients.ConnectAsync(front.CreateDefaultClient(), $"/servers/{server.Id}/mcp", factory.Tokens.User(developer), version);
        await using var other = await McpClients.ConnectAsync(front.CreateDefaultClient(), $"/servers/{server.Id}/mcp", factory.Tokens.User(outsider), version);
        await using var direct = await McpClients.DirectAsync(factory.Upstream.Endpoint, McpFactory.UpstreamToken, version);

        var tools = (await client.ListToolsAsync(cancellationToken: Cancel)).Select(t => t.Name).Order().ToList();
        Assert.Equal((await direct.ListToolsAsync(cancellationToken: Cancel)).Select(t => $"{slug}-{t.Name}").Order(), tools);
        Assert.DoesNotContain($"{slug}-echo", (await other.ListToolsAsync(cancellationToken: Cancel)).Select(t => t.Name));
        for (var call = 0; call < 4; call++)
        {
            var result = await client.CallToolAsync($"{slug}-echo", new Dictionary<string, object?> { ["message"] = $"m{call}" }, cancellationToken: Cancel);
            Assert.Equal($"echo: m{call}", Assert.IsType<ModelContextProtocol.Protocol.TextContentBlock>(Assert.Single(result.Content)).Text);
        }
        var hidden = await Assert.ThrowsAsync<McpProtocolException>(() =>
            other.CallToolAsync($"{slug}-echo", new Dictionary<string, object?> { ["message"] = "x" }, cancellationToken: Cancel).AsTask());
        Assert.EndsWith($"Unknown tool: '{slug}-echo'", hidden.Message, StringComparison.Ordinal);

        Assert.True(servedA.Value > 0 && servedB.Value > 0, $"replica A served {servedA.Value}, replica B {servedB.Value}");
    }

    [Fact]
    public async Task An_old_http_and_sse_client_through_the_gateway_keeps_reaching_the_replica_holding_its_stream()
    {
        factory.Require();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var developer = $"dev-{suffix}@example.com";
        var team = factory.Team("team-" + suffix, [developer], (developer, "developer"));
        var slug = "s" + suffix;
        var gateway = await factory.Seed.GatewayAsync(factory.Upstream.Endpoint, slug, developer, team);
        Assert.True((await factory.Seed.RegisterAsync(gateway.Id)).Reachable);
        var server = await factory.Seed.ServerAsync(developer, gateway.Id, team);
        await using var replicaA = Replica(new Counter());
        await using var replicaB = Replica(new Counter());
        await using var front = new TestGateway(factory.Tokens.Address, [Address(replicaA), Address(replicaB)]);

        // Several clients, so that with round-robin some would post their messages to the replica without their stream.
        for (var client = 0; client < 3; client++)
        {
            var http = front.CreateDefaultClient();
            http.DefaultRequestHeaders.Authorization = new("Bearer", factory.Tokens.User(developer));
            var transport = new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = new Uri(http.BaseAddress!, $"/servers/{server.Id}/sse"), TransportMode = HttpTransportMode.Sse,
            }, http, ownsHttpClient: true);
            await using var sse = await McpClient.CreateAsync(transport, cancellationToken: Cancel);

            Assert.Contains($"{slug}-echo", (await sse.ListToolsAsync(cancellationToken: Cancel)).Select(t => t.Name));
            for (var call = 0; call < 3; call++)
            {
                var result = await sse.CallToolAsync($"{slug}-echo", new Dictionary<string, object?> { ["message"] = $"m{call}" }, cancellationToken: Cancel);
                Assert.Equal($"echo: m{call}", Assert.IsType<ModelContextProtocol.Protocol.TextContentBlock>(Assert.Single(result.Content)).Text);
            }
        }
    }

    /// <summary>Another catalog process on the same database, on a real port, counting the MCP requests it serves.</summary>
    private WebApplicationFactory<Program> Replica(Counter served) =>
        factory.ListeningReplica(services => services.AddSingleton<IStartupFilter>(new CountingFilter(served)));

    private static Uri Address(WebApplicationFactory<Program> replica) => McpFactory.Address(replica);

    private sealed class Counter
    {
        private int _value;
        public int Value => Volatile.Read(ref _value);
        public void Increment() => Interlocked.Increment(ref _value);
    }

    private sealed class CountingFilter(Counter served) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, RequestDelegate nextMiddleware) =>
            {
                if (context.Request.Path.StartsWithSegments("/servers"))
                {
                    served.Increment();
                }
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

public sealed class SqliteThroughGatewayTests(SqliteMcpFactory factory) : ThroughGatewayTests<SqliteMcpFactory>(factory);

[Trait("Category", "PostgreSQL")]
public sealed class PostgresThroughGatewayTests(PostgresMcpFactory factory) : ThroughGatewayTests<PostgresMcpFactory>(factory);
