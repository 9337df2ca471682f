using System.Net;
using System.Net.Http.Headers;
using System.Text;
using McpGateway.Catalog.Model;
using McpGateway.TestSupport;
using McpGateway.TestSupport.Mcp;
using ModelContextProtocol;
using ModelContextProtocol.Client;

namespace McpGateway.Mcp.Tests;

/// <summary>
/// Who sees and calls what through a virtual server, decided per caller: a tool one may not see is unknown to them,
/// a `viewer` sees but cannot call, a `developer` calls; tokens for another resource or scoped to another server are
/// refused at the door with the challenge that names this resource's metadata, and so are foreign browser origins.
/// </summary>
public abstract class AccessTests<TFactory>(TFactory factory) : IClassFixture<TFactory> where TFactory : McpFactory
{
    private const string Alice = "alice@example.com"; // developer in team A, owner of the private tool
    private const string Carol = "carol@example.com"; // viewer in team A
    private const string Bob = "bob@example.com";     // developer in team B

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>
    /// Team A's gateway, public; its `echo` visible to team A only, its `private_tool` private to Alice; a public
    /// virtual server offering every tool.
    /// </summary>
    private async Task<(Server Server, string Slug)> TeamServerAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var teamA = factory.Team("team-a-" + suffix, [Alice, Carol], (Alice, "developer"), (Carol, "viewer"));
        factory.Team("team-b-" + suffix, [Bob], (Bob, "developer"));
        var slug = "a" + suffix;
        var gateway = await factory.Seed.GatewayAsync(factory.Upstream.Endpoint, slug, Alice, teamA);
        Assert.True((await factory.Seed.RegisterAsync(gateway.Id)).Reachable);
        await factory.Seed.UpdateToolAsync($"{slug}-echo", tool => tool.Visibility = Visibility.Team);
        await factory.Seed.UpdateToolAsync($"{slug}-private_tool", tool => tool.Visibility = Visibility.Private);
        return (await factory.Seed.ServerAsync(Alice, gateway.Id, teamA), slug);
    }

    [Theory]
    [InlineData(VirtualServerTests<SqliteMcpFactory>.Sessions)]
    [InlineData(VirtualServerTests<SqliteMcpFactory>.Stateless)]
    public async Task Two_users_in_different_teams_see_different_tools_and_a_hidden_one_is_unknown(string version)
    {
        factory.Require();
        var (server, slug) = await TeamServerAsync();
        await using var alice = await factory.ConnectAsync(server.Id, factory.Tokens.User(Alice), version);
        await using var bob = await factory.ConnectAsync(server.Id, factory.Tokens.User(Bob), version);

        var aliceSees = (await alice.ListToolsAsync(cancellationToken: Cancel)).Select(t => t.Name).Order().ToList();
        var bobSees = (await bob.ListToolsAsync(cancellationToken: Cancel)).Select(t => t.Name).Order().ToList();

        Assert.Equal(new[] { "add", "echo", "fail", "image", "private_tool", "slow" }.Select(n => $"{slug}-{n}"), aliceSees);
        Assert.Equal(new[] { "add", "fail", "image", "slow" }.Select(n => $"{slug}-{n}"), bobSees);
        foreach (var hidden in new[] { "private_tool", "echo" })
        {
            var error = await Assert.ThrowsAsync<McpProtocolException>(() =>
                bob.CallToolAsync($"{slug}-{hidden}", new Dictionary<string, object?> { ["message"] = "x" }, cancellationToken: Cancel).AsTask());
            Assert.EndsWith($"Unknown tool: '{slug}-{hidden}'", error.Message, StringComparison.Ordinal);
            Assert.Equal(McpErrorCode.InvalidParams, error.ErrorCode);
        }
        var own = await alice.CallToolAsync($"{slug}-private_tool", cancellationToken: Cancel);
        Assert.Equal("secret", Assert.IsType<ModelContextProtocol.Protocol.TextContentBlock>(Assert.Single(own.Content)).Text);
    }

    [Fact]
    public async Task A_viewer_sees_the_tools_but_cannot_call_them_and_a_developer_can()
    {
        factory.Require();
        var (server, slug) = await TeamServerAsync();
        await using var carol = await factory.ConnectAsync(server.Id, factory.Tokens.User(Carol), VirtualServerTests<SqliteMcpFactory>.Sessions);
        await using var alice = await factory.ConnectAsync(server.Id, factory.Tokens.User(Alice), VirtualServerTests<SqliteMcpFactory>.Sessions);
        var arguments = new Dictionary<string, object?> { ["message"] = "hi" };

        Assert.Contains($"{slug}-echo", (await carol.ListToolsAsync(cancellationToken: Cancel)).Select(t => t.Name));
        var refused = await Assert.ThrowsAsync<McpProtocolException>(() => carol.CallToolAsync($"{slug}-echo", arguments, cancellationToken: Cancel).AsTask());
        Assert.Contains("tools.execute", refused.Message, StringComparison.Ordinal);
        var called = await alice.CallToolAsync($"{slug}-echo", arguments, cancellationToken: Cancel);
        Assert.NotEqual(true, called.IsError);
    }

    [Fact]
    public async Task A_developer_of_another_team_may_not_call_a_public_tool_of_this_team()
    {
        factory.Require();
        var (server, slug) = await TeamServerAsync();
        await using var bob = await factory.ConnectAsync(server.Id, factory.Tokens.User(Bob), VirtualServerTests<SqliteMcpFactory>.Stateless);

        var refused = await Assert.ThrowsAsync<McpProtocolException>(() =>
            bob.CallToolAsync($"{slug}-add", new Dictionary<string, object?> { ["a"] = 1, ["b"] = 2 }, cancellationToken: Cancel).AsTask());

        Assert.Contains("tools.execute", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_token_the_endpoint_challenges_with_its_protected_resource_metadata()
    {
        factory.Require();
        var (server, _) = await TeamServerAsync();

        using var response = await PostInitializeAsync(server.Id, token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.Contains($"resource_metadata=\"{TestTokenIssuer.Issuer}/.well-known/oauth-protected-resource/servers/{server.Id}/mcp\"", challenge, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_for_this_servers_resource_is_accepted_and_one_for_another_servers_is_refused()
    {
        factory.Require();
        var (server, slug) = await TeamServerAsync();
        var other = await factory.Seed.ServerAsync(Alice, gatewayId: null);

        await using var bound = await factory.ConnectAsync(server.Id, factory.Tokens.User(Alice, $"{TestTokenIssuer.Issuer}/servers/{server.Id}/mcp"));
        Assert.Contains($"{slug}-echo", (await bound.ListToolsAsync(cancellationToken: Cancel)).Select(t => t.Name));

        using var response = await PostInitializeAsync(server.Id, factory.Tokens.User(Alice, $"{TestTokenIssuer.Issuer}/servers/{other.Id}/mcp"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains($"/.well-known/oauth-protected-resource/servers/{server.Id}/mcp\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_api_token_scoped_to_this_server_works_and_one_scoped_to_another_is_refused()
    {
        factory.Require();
        var (server, slug) = await TeamServerAsync();
        var other = await factory.Seed.ServerAsync(Alice, gatewayId: null);

        await using var scoped = await factory.ConnectAsync(server.Id, factory.Tokens.ApiToken(Alice, serverId: server.Id));
        var result = await scoped.CallToolAsync($"{slug}-echo", new Dictionary<string, object?> { ["message"] = "api" }, cancellationToken: Cancel);
        Assert.NotEqual(true, result.IsError);

        using var response = await PostInitializeAsync(server.Id, factory.Tokens.ApiToken(Alice, serverId: other.Id));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_browser_origin_that_is_not_allowed_is_refused_and_the_public_one_is_not()
    {
        factory.Require();
        var (server, _) = await TeamServerAsync();
        var token = factory.Tokens.User(Alice);

        using var foreign = await PostInitializeAsync(server.Id, token, origin: "http://evil.example");
        using var own = await PostInitializeAsync(server.Id, token, origin: TestTokenIssuer.Issuer);

        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task A_server_the_caller_may_not_see_is_not_found()
    {
        factory.Require();
        var (server, _) = await TeamServerAsync();
        var hidden = await factory.Seed.ServerAsync(Alice, gatewayId: null, teamId: server.TeamId, visibility: Visibility.Team);

        using var response = await PostInitializeAsync(hidden.Id, factory.Tokens.User(Bob));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<HttpResponseMessage> PostInitializeAsync(string serverId, string? token, string? origin = null)
    {
        using var http = factory.CreateDefaultClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/servers/{serverId}/mcp")
        {
            Content = new StringContent(
                """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""",
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Cancel);
    }
}

public sealed class SqliteAccessTests(SqliteMcpFactory factory) : AccessTests<SqliteMcpFactory>(factory);

[Trait("Category", "PostgreSQL")]
public sealed class PostgresAccessTests(PostgresMcpFactory factory) : AccessTests<PostgresMcpFactory>(factory);
