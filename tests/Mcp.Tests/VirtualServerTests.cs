using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Catalog.Model;
using McpGateway.TestSupport.Mcp;
using Microsoft.EntityFrameworkCore;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Mcp.Tests;

/// <summary>
/// A virtual server federating the test upstream answers an MCP client (the official C# SDK's) as the upstream itself
/// does, name prefix aside, in both protocol generations: the 2025-11-25 handshake with an `Mcp-Session-Id` session,
/// and the 2026-07-28 revision (`server/discover`, no session).
/// </summary>
public abstract class VirtualServerTests<TFactory>(TFactory factory) : IClassFixture<TFactory> where TFactory : McpFactory
{
    public const string Sessions = "2025-11-25";
    public const string Stateless = "2026-07-28";

    public static TheoryData<string> Generations => [Sessions, Stateless];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Generations))]
    public async Task The_protocol_generation_the_client_asks_for_is_the_one_it_gets(string version)
    {
        factory.Require();
        var (server, _, token) = await factory.FederatedServerAsync();

        await using var client = await factory.ConnectAsync(server.Id, token, version);

        Assert.Equal(version, client.NegotiatedProtocolVersion);
        Assert.Equal(server.Name, client.ServerInfo?.Name);
        Assert.NotNull(client.ServerCapabilities?.Tools);
        if (version == Sessions)
        {
            Assert.False(string.IsNullOrEmpty(client.SessionId));
        }
        else
        {
            Assert.Null(client.SessionId);
        }
        if (version == Sessions)
        {
            await client.PingAsync(cancellationToken: Cancel); // 2026-07-28 removed ping (the SDK answers -32601)
        }
    }

    [Theory]
    [MemberData(nameof(Generations))]
    public async Task Tools_and_their_schemas_are_the_upstreams_under_the_gateways_prefix(string version)
    {
        factory.Require();
        var (server, slug, token) = await factory.FederatedServerAsync();
        await using var direct = await McpClients.DirectAsync(factory.Upstream.Endpoint, McpFactory.UpstreamToken, version);
        await using var client = await factory.ConnectAsync(server.Id, token, version);

        var upstream = (await direct.ListToolsAsync(cancellationToken: Cancel)).Select(t => t.ProtocolTool).OrderBy(t => t.Name).ToList();
        var federated = (await client.ListToolsAsync(cancellationToken: Cancel)).Select(t => t.ProtocolTool).OrderBy(t => t.Name).ToList();

        Assert.Equal(upstream.Select(t => $"{slug}-{t.Name}"), federated.Select(t => t.Name));
        foreach (var (expected, actual) in upstream.Zip(federated))
        {
            Assert.Equal(McpJson.Renamed(expected, actual.Name), McpJson.Of(actual));
        }
    }

    [Theory]
    [MemberData(nameof(Generations))]
    public async Task Call_results_come_back_as_the_upstream_sent_them(string version)
    {
        factory.Require();
        var (server, slug, token) = await factory.FederatedServerAsync();
        await using var direct = await McpClients.DirectAsync(factory.Upstream.Endpoint, McpFactory.UpstreamToken, version);
        await using var client = await factory.ConnectAsync(server.Id, token, version);

        (string Tool, Dictionary<string, object?> Arguments)[] calls =
        [
            ("echo", new() { ["message"] = "hi" }),
            ("add", new() { ["a"] = 2, ["b"] = 40 }),
            ("fail", new()),
            ("image", new()),
        ];
        foreach (var (tool, arguments) in calls)
        {
            var expected = await direct.CallToolAsync(tool, arguments, cancellationToken: Cancel);
            var actual = await client.CallToolAsync($"{slug}-{tool}", arguments, cancellationToken: Cancel);
            Assert.Equal(McpJson.Of(expected), McpJson.Of(actual));
        }
        var sum = await client.CallToolAsync($"{slug}-add", new Dictionary<string, object?> { ["a"] = 2, ["b"] = 40 }, cancellationToken: Cancel);
        Assert.Equal(42, sum.StructuredContent!.Value.GetProperty("result").GetInt32());
        var failed = await client.CallToolAsync($"{slug}-fail", cancellationToken: Cancel);
        Assert.True(failed.IsError);
        Assert.Equal("asked", failed.Meta!["example.com/reason"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Generations))]
    public async Task Resources_templates_prompts_and_completions_are_the_upstreams(string version)
    {
        factory.Require();
        var (server, slug, token) = await factory.FederatedServerAsync();
        await using var direct = await McpClients.DirectAsync(factory.Upstream.Endpoint, McpFactory.UpstreamToken, version);
        await using var client = await factory.ConnectAsync(server.Id, token, version);

        Assert.Equal(
            McpJson.Of((await direct.ListResourcesAsync(cancellationToken: Cancel)).Select(r => r.ProtocolResource)),
            McpJson.Of((await client.ListResourcesAsync(cancellationToken: Cancel)).Select(r => r.ProtocolResource)));
        Assert.Equal(
            McpJson.Of((await direct.ListResourceTemplatesAsync(cancellationToken: Cancel)).Select(t => t.ProtocolResourceTemplate)),
            McpJson.Of((await client.ListResourceTemplatesAsync(cancellationToken: Cancel)).Select(t => t.ProtocolResourceTemplate)));
        foreach (var uri in new[] { "test://static/hello", "test://items/42" })
        {
            Assert.Equal(McpJson.Of(await direct.ReadResourceAsync(uri, cancellationToken: Cancel)), McpJson.Of(await client.ReadResourceAsync(uri, cancellationToken: Cancel)));
        }

        var prompt = Assert.Single(await client.ListPromptsAsync(cancellationToken: Cancel)).ProtocolPrompt;
        var upstreamPrompt = Assert.Single(await direct.ListPromptsAsync(cancellationToken: Cancel)).ProtocolPrompt;
        Assert.Equal(McpJson.Renamed(upstreamPrompt, prompt.Name), McpJson.Of(prompt));
        Assert.Equal($"{slug}-greet", prompt.Name);
        var arguments = new Dictionary<string, object?> { ["name"] = "Ada" };
        Assert.Equal(McpJson.Of(await direct.GetPromptAsync("greet", arguments, cancellationToken: Cancel)),
            McpJson.Of(await client.GetPromptAsync(prompt.Name, arguments, cancellationToken: Cancel)));

        var completion = await client.CompleteAsync(new PromptReference { Name = prompt.Name }, "name", "al", cancellationToken: Cancel);
        Assert.Equal(["alice", "albert"], completion.Completion.Values);
    }

    [Theory]
    [MemberData(nameof(Generations))]
    public async Task Progress_notifications_of_the_upstream_reach_the_client(string version)
    {
        factory.Require();
        var (server, slug, token) = await factory.FederatedServerAsync();
        await using var client = await factory.ConnectAsync(server.Id, token, version);

        // Heard for the whole session: the SDK's client handles each message on a task of its own and, given a progress
        // callback, stops listening when the result is in, so a report may lose that race (directly too).
        var reports = new System.Collections.Concurrent.ConcurrentQueue<ProgressNotificationParams>();
        var allThree = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var listening = client.RegisterNotificationHandler(NotificationMethods.ProgressNotification, (notification, _) =>
        {
            reports.Enqueue(JsonSerializer.Deserialize<ProgressNotificationParams>(notification.Params, McpJsonUtilities.DefaultOptions)!);
            if (reports.Count >= 3)
            {
                allThree.TrySetResult();
            }
            return ValueTask.CompletedTask;
        });
        var result = await client.CallToolAsync(new CallToolRequestParams
        {
            Name = $"{slug}-slow",
            Arguments = new Dictionary<string, JsonElement> { ["steps"] = JsonSerializer.SerializeToElement(3) },
            Meta = new System.Text.Json.Nodes.JsonObject { ["progressToken"] = "progress-test" },
        }, Cancel);

        Assert.Equal("done after 3 steps", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
        await Task.WhenAny(allThree.Task, Task.Delay(TimeSpan.FromSeconds(15), Cancel));
        // Under the client's own token, every step, each of 3.
        Assert.Equal([1f, 2f, 3f], reports.Select(r => r.Progress.Progress).Order());
        Assert.All(reports, r => Assert.Equal(new ProgressToken("progress-test"), r.ProgressToken));
        Assert.All(reports, r => Assert.Equal(3f, r.Progress.Total));
    }

    [Theory]
    [MemberData(nameof(Generations))]
    public async Task A_call_the_client_cancels_is_cancelled_at_the_upstream(string version)
    {
        factory.Require();
        var (server, slug, token) = await factory.FederatedServerAsync();
        await using var client = await factory.ConnectAsync(server.Id, token, version);
        var cancelledBefore = factory.Upstream.Cancelled.Count;
        // 600 steps of 50 ms: half a minute, unless the cancellation reaches the upstream.
        var slow = new CallToolRequestParams { Name = $"{slug}-slow", Arguments = new Dictionary<string, JsonElement> { ["steps"] = JsonSerializer.SerializeToElement(600) } };

        if (version == Sessions)
        {
            // A 2025-11-25 client cancels with `notifications/cancelled` for the request's id (the SDK's client, cancelled,
            // does not send it: csharp-sdk#1365), so the request goes out under a known id and the notification by hand.
            var id = new RequestId("cancel-me");
            var call = client.SendRequestAsync(new JsonRpcRequest
            {
                Id = id, Method = RequestMethods.ToolsCall, Params = JsonSerializer.SerializeToNode(slow, McpJsonUtilities.DefaultOptions),
            }, Cancel);
            await Task.Delay(500, Cancel);
            Assert.False(call.IsCompleted);
            await client.SendNotificationAsync(NotificationMethods.CancelledNotification, new CancelledNotificationParams { RequestId = id },
                cancellationToken: Cancel);
        }
        else
        {
            // A 2026-07-28 client cancels by closing the request's stream: what the SDK's client does when cancelled.
            var running = new TaskCompletionSource();
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
            var call = client.CallToolAsync(slow.Name, new Dictionary<string, object?> { ["steps"] = 600 },
                new CallbackProgress(_ => running.TrySetResult()), cancellationToken: cancel.Token).AsTask();
            await running.Task.WaitAsync(TimeSpan.FromSeconds(30), Cancel);
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        }

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (factory.Upstream.Cancelled.Count == cancelledBefore && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Cancel);
        }
        Assert.True(factory.Upstream.Cancelled.Count > cancelledBefore, "The upstream went on with the call the client cancelled.");
    }

    [Fact]
    public async Task Calls_are_counted_per_tool_and_server_and_a_tool_hidden_from_the_caller_has_no_metrics_for_them()
    {
        factory.Require();
        var (server, slug, token) = await factory.FederatedServerAsync();
        await using var client = await factory.ConnectAsync(server.Id, token, Stateless);
        await client.CallToolAsync($"{slug}-echo", new Dictionary<string, object?> { ["message"] = "a" }, cancellationToken: Cancel);
        await client.CallToolAsync($"{slug}-echo", new Dictionary<string, object?> { ["message"] = "b" }, cancellationToken: Cancel);
        await client.CallToolAsync($"{slug}-fail", cancellationToken: Cancel);
        var echo = await factory.Seed.ReadAsync(db => db.Tools.SingleAsync(t => t.Name == $"{slug}-echo"));

        var toolMetrics = await MetricsAsync($"/tools/{echo.Id}/metrics", token);
        var serverMetrics = await MetricsAsync($"/servers/{server.Id}/metrics", token);

        Assert.Equal((2, 2, 0), (toolMetrics.GetProperty("total_executions").GetInt64(), toolMetrics.GetProperty("successful_executions").GetInt64(),
            toolMetrics.GetProperty("failed_executions").GetInt64()));
        Assert.True(toolMetrics.GetProperty("p50_response_time").GetDouble() > 0);
        Assert.True(toolMetrics.GetProperty("min_response_time").GetDouble() <= toolMetrics.GetProperty("max_response_time").GetDouble());
        Assert.Equal((3, 1), (serverMetrics.GetProperty("total_executions").GetInt64(), serverMetrics.GetProperty("failed_executions").GetInt64()));
        Assert.Equal(1.0 / 3, serverMetrics.GetProperty("failure_rate").GetDouble(), 3);

        await factory.Seed.UpdateToolAsync(echo.Name, t => t.Visibility = Visibility.Private);
        var outsider = $"out-{Guid.NewGuid():N}"[..12] + "@example.com";
        factory.Team("other-" + Guid.NewGuid().ToString("N")[..8], [outsider], (outsider, "developer"));
        using var http = factory.CreateDefaultClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", factory.Tokens.User(outsider));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync($"/tools/{echo.Id}/metrics", Cancel)).StatusCode);
    }

    private async Task<JsonElement> MetricsAsync(string path, string token)
    {
        using var http = factory.CreateDefaultClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        using var response = await http.GetAsync(path, Cancel);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).Clone();
    }

    [Fact]
    public async Task The_clients_token_never_reaches_the_upstream_and_the_call_is_traced_there()
    {
        factory.Require();
        var (server, slug, token) = await factory.FederatedServerAsync();
        var calls = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "McpGateway",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (calls)
                {
                    calls.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await using var client = await factory.ConnectAsync(server.Id, token, Sessions);

        await client.CallToolAsync($"{slug}-echo", new Dictionary<string, object?> { ["message"] = "x" }, cancellationToken: Cancel);

        Assert.DoesNotContain(factory.Upstream.AuthorizationHeaders, h => h.Contains(token, StringComparison.Ordinal));
        Assert.All(factory.Upstream.AuthorizationHeaders, h => Assert.Equal(McpFactory.UpstreamToken, h));
        Activity call;
        lock (calls)
        {
            call = Assert.Single(calls, a => a.OperationName == $"tools/call {slug}-echo");
        }
        Assert.Equal("success", call.GetTagItem("outcome"));
        // W3C trace context went on to the upstream with the forwarded call: the upstream's span joins this trace.
        Assert.Contains(factory.Upstream.TraceParents, p => p.Contains(call.TraceId.ToHexString(), StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Generations))]
    public async Task A_server_exposing_original_names_serves_the_upstreams_names_while_another_of_the_same_tools_keeps_the_prefix(string version)
    {
        factory.Require();
        var (prefixed, slug, token) = await factory.FederatedServerAsync();
        var gatewayId = await factory.Seed.ReadAsync(db => db.Gateways.Where(g => g.Slug == slug).Select(g => g.Id).SingleAsync(Cancel));
        var original = await factory.Seed.ServerAsync(prefixed.OwnerEmail, gatewayId, prefixed.TeamId);
        await factory.Seed.WriteAsync(async db => (await db.Servers.SingleAsync(s => s.Id == original.Id, Cancel)).ExposeOriginalNames = true);
        await using var direct = await McpClients.DirectAsync(factory.Upstream.Endpoint, McpFactory.UpstreamToken, version);
        await using var client = await factory.ConnectAsync(original.Id, token, version);
        await using var prefixedClient = await factory.ConnectAsync(prefixed.Id, token, version);

        // Tools and prompts exactly as the upstream lists them, names included.
        Assert.Equal(McpJson.Of((await direct.ListToolsAsync(cancellationToken: Cancel)).Select(t => t.ProtocolTool).OrderBy(t => t.Name, StringComparer.Ordinal)),
            McpJson.Of((await client.ListToolsAsync(cancellationToken: Cancel)).Select(t => t.ProtocolTool).OrderBy(t => t.Name, StringComparer.Ordinal)));
        Assert.Equal(McpJson.Of((await direct.ListPromptsAsync(cancellationToken: Cancel)).Select(p => p.ProtocolPrompt)),
            McpJson.Of((await client.ListPromptsAsync(cancellationToken: Cancel)).Select(p => p.ProtocolPrompt)));
        Assert.All(await prefixedClient.ListToolsAsync(cancellationToken: Cancel), t => Assert.StartsWith($"{slug}-", t.Name, StringComparison.Ordinal));

        var echo = new Dictionary<string, object?> { ["message"] = "by its own name" };
        Assert.Equal(McpJson.Of(await direct.CallToolAsync("echo", echo, cancellationToken: Cancel)), McpJson.Of(await client.CallToolAsync("echo", echo, cancellationToken: Cancel)));
        var greet = new Dictionary<string, object?> { ["name"] = "Ada" };
        Assert.Equal(McpJson.Of(await direct.GetPromptAsync("greet", greet, cancellationToken: Cancel)), McpJson.Of(await client.GetPromptAsync("greet", greet, cancellationToken: Cancel)));
        var completion = await client.CompleteAsync(new PromptReference { Name = "greet" }, "name", "al", cancellationToken: Cancel);
        Assert.Equal(["alice", "albert"], completion.Completion.Values);

        // The prefixed name is not another way in, and the other server still answers only to it.
        var unknown = await Assert.ThrowsAsync<McpProtocolException>(() => client.CallToolAsync($"{slug}-echo", echo, cancellationToken: Cancel).AsTask());
        Assert.Contains("Unknown tool", unknown.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<McpProtocolException>(() => prefixedClient.CallToolAsync("echo", echo, cancellationToken: Cancel).AsTask());
        var prefixedEcho = await prefixedClient.CallToolAsync($"{slug}-echo", echo, cancellationToken: Cancel);
        Assert.Equal("echo: by its own name", Assert.IsType<TextContentBlock>(Assert.Single(prefixedEcho.Content)).Text);
    }

    [Fact]
    public async Task A_tool_that_does_not_exist_is_an_unknown_tool()
    {
        factory.Require();
        var (server, slug, token) = await factory.FederatedServerAsync();
        await using var client = await factory.ConnectAsync(server.Id, token, Stateless);

        var error = await Assert.ThrowsAsync<McpProtocolException>(() => client.CallToolAsync($"{slug}-nope", cancellationToken: Cancel).AsTask());

        Assert.Equal(McpErrorCode.InvalidParams, error.ErrorCode);
        Assert.Contains("Unknown tool", error.Message, StringComparison.Ordinal);
    }

    private sealed class CallbackProgress(Action<ProgressNotificationValue> report) : IProgress<ProgressNotificationValue>
    {
        public void Report(ProgressNotificationValue value) => report(value);
    }
}

public sealed class SqliteVirtualServerTests(SqliteMcpFactory factory) : VirtualServerTests<SqliteMcpFactory>(factory);

[Trait("Category", "PostgreSQL")]
public sealed class PostgresVirtualServerTests(PostgresMcpFactory factory) : VirtualServerTests<PostgresMcpFactory>(factory);
