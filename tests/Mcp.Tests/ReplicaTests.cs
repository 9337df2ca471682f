using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace McpGateway.Mcp.Tests;

/// <summary>
/// Two catalog replicas on one database, no sticky routing: a session opened on one continues on the other (for the
/// same user only), and a catalog change made through one is what the other serves.
/// </summary>
public abstract class ReplicaTests<TFactory>(TFactory factory) : IClassFixture<TFactory> where TFactory : McpFactory
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_session_opened_on_one_replica_continues_on_the_other_for_its_user_only()
    {
        factory.Require();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var developer = $"dev-{suffix}@example.com";
        var team = factory.Team("team-" + suffix, [developer], (developer, "developer"));
        var gateway = await factory.Seed.GatewayAsync(factory.Upstream.Endpoint, "r" + suffix, developer, team);
        Assert.True((await factory.Seed.RegisterAsync(gateway.Id)).Reachable);
        var server = await factory.Seed.ServerAsync(developer, gateway.Id, team);
        await using var other = factory.WithWebHostBuilder(_ => { });
        factory.ReplayTeamsEventsTo(other.Services);
        var token = factory.Tokens.User(developer);
        await using var client = await factory.ConnectAsync(server.Id, token, VirtualServerTests<SqliteMcpFactory>.Sessions);
        Assert.NotNull(client.SessionId);

        using var onOther = await PostAsync(other, server.Id, client.SessionId, token,
            $$$$"""{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"r{{{{suffix}}}}-echo","arguments":{"message":"moved"}}}""");
        using var stranger = await PostAsync(other, server.Id, client.SessionId, factory.Tokens.User("someone-else@example.com"),
            """{"jsonrpc":"2.0","id":8,"method":"tools/list","params":{}}""");

        Assert.Equal(HttpStatusCode.OK, onOther.StatusCode);
        var result = await ResultAsync(onOther);
        Assert.Equal("echo: moved", result.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.NotEqual(HttpStatusCode.OK, stranger.StatusCode);
    }

    [Fact]
    public async Task A_change_committed_through_one_replica_is_served_by_the_other()
    {
        factory.Require();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var developer = $"dev-{suffix}@example.com";
        var team = factory.Team("team-" + suffix, [developer], (developer, "developer"));
        var gateway = await factory.Seed.GatewayAsync(factory.Upstream.Endpoint, "c" + suffix, developer, team);
        Assert.True((await factory.Seed.RegisterAsync(gateway.Id)).Reachable);
        var server = await factory.Seed.ServerAsync(developer, gateway.Id, team);
        await using var other = factory.WithWebHostBuilder(_ => { });
        factory.ReplayTeamsEventsTo(other.Services);
        var token = factory.Tokens.User(developer);
        await using var client = await McpClients.ConnectAsync(other.CreateDefaultClient(), $"/servers/{server.Id}/mcp", token);
        Assert.Contains($"c{suffix}-add", (await client.ListToolsAsync(cancellationToken: Cancel)).Select(t => t.Name));

        await factory.Seed.UpdateToolAsync($"c{suffix}-add", tool =>
        {
            tool.Visibility = Catalog.Model.Visibility.Private;
            tool.OwnerEmail = "someone-else@example.com";
        });

        // The other replica hears of it by its change watcher (CATALOG_CACHE_POLL_SECONDS=0.2 here).
        var hidden = false;
        for (var attempt = 0; attempt < 100 && !hidden; attempt++)
        {
            await Task.Delay(100, Cancel);
            hidden = !(await client.ListToolsAsync(cancellationToken: Cancel)).Any(t => t.Name == $"c{suffix}-add");
        }
        Assert.True(hidden, "The other replica still lists the tool made private elsewhere.");
    }

    private static async Task<HttpResponseMessage> PostAsync(WebApplicationFactory<Program> replica, string serverId, string sessionId, string token, string body)
    {
        using var http = replica.CreateDefaultClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/servers/{serverId}/mcp") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("Mcp-Session-Id", sessionId);
        request.Headers.Add("MCP-Protocol-Version", VirtualServerTests<SqliteMcpFactory>.Sessions);
        var response = await http.SendAsync(request, Cancel);
        await response.Content.LoadIntoBufferAsync(Cancel);
        return response;
    }

    /// <summary>The JSON-RPC result of a response, sent as JSON or as an SSE event.</summary>
    private static async Task<JsonElement> ResultAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Cancel);
        var json = response.Content.Headers.ContentType?.MediaType == "text/event-stream"
            ? text.Split('\n').Where(l => l.StartsWith("data:", StringComparison.Ordinal)).Select(l => l[5..].Trim()).Last(l => l.Contains("\"result\"", StringComparison.Ordinal))
            : text;
        return JsonDocument.Parse(json).RootElement.GetProperty("result").Clone();
    }
}

public sealed class SqliteReplicaTests(SqliteMcpFactory factory) : ReplicaTests<SqliteMcpFactory>(factory);

[Trait("Category", "PostgreSQL")]
public sealed class PostgresReplicaTests(PostgresMcpFactory factory) : ReplicaTests<PostgresMcpFactory>(factory);
