using McpGateway.Catalog.Model;
using McpGateway.TestSupport;
using McpGateway.TestSupport.Mcp;
using Microsoft.EntityFrameworkCore;
using ModelContextProtocol.Server;

namespace McpGateway.Mcp.Tests;

/// <summary>Registering a gateway discovers what its upstream offers and stores it, named so upstreams never collide.</summary>
public abstract class FederationTests<TFactory>(TFactory factory) : IClassFixture<TFactory> where TFactory : McpFactory
{
    [Fact]
    public async Task Registering_a_gateway_stores_its_tools_resources_templates_and_prompts_under_its_slug()
    {
        factory.Require();
        var gateway = await factory.Seed.GatewayAsync(factory.Upstream.Endpoint, "alpha", McpFactory.PlatformAdmin);

        var result = await factory.Seed.RegisterAsync(gateway.Id);

        Assert.True(result.Reachable, result.Error);
        Assert.Equal((6, 1, 1, 1), (result.Tools, result.Resources, result.ResourceTemplates, result.Prompts));
        var tools = await factory.Seed.ReadAsync(db => db.Tools.Where(t => t.GatewayId == gateway.Id).OrderBy(t => t.Name).ToListAsync());
        Assert.Equal(["alpha-add", "alpha-echo", "alpha-fail", "alpha-image", "alpha-private_tool", "alpha-slow"], tools.Select(t => t.Name));
        Assert.All(tools, t => Assert.Equal(t.Name, "alpha-" + t.OriginalName));
        Assert.Contains("\"message\"", tools.Single(t => t.OriginalName == "echo").InputSchema, StringComparison.Ordinal);
        Assert.NotNull(tools.Single(t => t.OriginalName == "add").OutputSchema);
        var resources = await factory.Seed.ReadAsync(db => db.Resources.Where(r => r.GatewayId == gateway.Id).OrderBy(r => r.Uri).ToListAsync());
        Assert.Equal(["test://items/{id}", "test://static/hello"], resources.Select(r => r.Uri));
        Assert.Equal("test://items/{id}", resources[0].UriTemplate);
        var prompt = await factory.Seed.ReadAsync(db => db.Prompts.SingleAsync(p => p.GatewayId == gateway.Id));
        Assert.Equal("alpha-greet", prompt.Name);
        Assert.Contains("\"name\"", prompt.Arguments, StringComparison.Ordinal);
        var stored = await factory.Seed.ReadAsync(db => db.Gateways.SingleAsync(g => g.Id == gateway.Id));
        Assert.True(stored.Reachable);
        Assert.NotNull(stored.LastRefreshedAt);
    }

    [Fact]
    public async Task A_refresh_removes_a_tool_the_upstream_no_longer_offers_and_one_that_finds_nothing_new_changes_nothing()
    {
        factory.Require();
        var gateway = await factory.Seed.GatewayAsync(factory.Upstream.Endpoint, "beta", McpFactory.PlatformAdmin);
        await factory.Seed.RegisterAsync(gateway.Id);
        await factory.Seed.WriteAsync(db => db.Tools.Add(new Tool { Name = "beta-gone", OriginalName = "gone", GatewayId = gateway.Id, OwnerEmail = "x@example.com" }));

        var result = await factory.Seed.RegisterAsync(gateway.Id);
        var again = await factory.Seed.RegisterAsync(gateway.Id);

        // The background refresher may be the one that finds the vanished tool first (it refreshes new gateways too),
        // so the first result removes at most it; either way it is gone, and nothing else changed.
        Assert.Equal((0, 0), (result.Added, result.Updated));
        Assert.InRange(result.Removed, 0, 1);
        Assert.Equal((0, 0, 0), (again.Added, again.Updated, again.Removed));
        Assert.False(await factory.Seed.ReadAsync(db => db.Tools.AnyAsync(t => t.Name == "beta-gone")));
        Assert.Equal(6, await factory.Seed.ReadAsync(db => db.Tools.CountAsync(t => t.GatewayId == gateway.Id)));
    }

    [Fact]
    public async Task The_gateways_credentials_reach_the_upstream_and_a_wrong_one_is_refused_there()
    {
        factory.Require();
        var refused = await factory.Seed.GatewayAsync(factory.Upstream.Endpoint, "gamma", McpFactory.PlatformAdmin, authValue: "wrong");

        var result = await factory.Seed.RegisterAsync(refused.Id);

        Assert.False(result.Reachable);
        Assert.False(await factory.Seed.ReadAsync(db => db.Gateways.Where(g => g.Id == refused.Id).Select(g => g.Reachable).SingleAsync()));
        Assert.Contains("Bearer wrong", factory.Upstream.AuthorizationHeaders);
    }

    [Fact]
    public async Task An_upstream_that_only_speaks_http_and_sse_is_federated_too()
    {
        factory.Require();
        await using var legacy = await TestMcpServer.StartAsync(legacySse: true);
        var gateway = await factory.Seed.GatewayAsync(legacy.SseEndpoint, "legacy", McpFactory.PlatformAdmin, authType: "none", authValue: null, transport: "sse");

        var result = await factory.Seed.RegisterAsync(gateway.Id);

        Assert.True(result.Reachable, result.Error);
        Assert.Equal(6, result.Tools);
    }

    [Fact]
    public async Task A_tool_the_upstream_adds_or_removes_is_discovered_at_once_from_its_list_changed_notification()
    {
        factory.Require();
        await using var upstream = await TestMcpServer.StartAsync();
        var gateway = await factory.Seed.GatewayAsync(upstream.Endpoint, "live", McpFactory.PlatformAdmin, authType: "none", authValue: null);
        Assert.True((await factory.Seed.RegisterAsync(gateway.Id)).Reachable);
        var added = McpServerTool.Create(() => "new", new McpServerToolCreateOptions { Name = "added", Description = "Added while connected." });

        // Periodic refreshes are an hour apart here (HEALTH_CHECK_INTERVAL): only the notification can bring the change.
        upstream.Tools.Add(added);
        await Eventually.HoldsAsync(() => factory.Seed.ReadAsync(db => db.Tools.AnyAsync(t => t.Name == "live-added")), TimeSpan.FromSeconds(15),
            "The tool the upstream added was not discovered.");

        upstream.Tools.Remove(added);
        await Eventually.HoldsAsync(async () => !await factory.Seed.ReadAsync(db => db.Tools.AnyAsync(t => t.Name == "live-added")), TimeSpan.FromSeconds(15),
            "The tool the upstream removed is still stored.");
    }
}

public sealed class SqliteFederationTests(SqliteMcpFactory factory) : FederationTests<SqliteMcpFactory>(factory);

[Trait("Category", "PostgreSQL")]
public sealed class PostgresFederationTests(PostgresMcpFactory factory) : FederationTests<PostgresMcpFactory>(factory);
