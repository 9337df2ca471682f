using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace McpGateway.Mcp.Tests;

/// <summary>
/// A stateless (2026-07-28) `tools/call` is served without the SDK's server (the catalog's `StatelessToolCalls`), and its
/// answer is byte for byte the one the SDK gives: the same request with a progress token, which only the SDK serves, is
/// the reference. A failed call is answered by the SDK too, without calling the upstream again; a request that is not
/// exactly such a call reaches the SDK whole.
/// </summary>
public sealed class StatelessToolCallTests(SqliteMcpFactory factory) : IClassFixture<SqliteMcpFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_call_is_answered_without_the_SDKs_server_exactly_as_the_SDK_answers_it()
    {
        factory.Require();
        var (server, slug, token) = await factory.FederatedServerAsync();
        using var spans = new SdkServerSpans();

        (string Tool, JsonObject Arguments, string Expected)[] calls =
        [
            ("echo", new() { ["message"] = "hi" }, "\"echo: hi\""),
            ("add", new() { ["a"] = 2, ["b"] = 40 }, "\"structuredContent\":{\"result\":42}"),
            ("fail", new(), "\"isError\":true"),
            ("image", new(), "\"type\":\"resource_link\""),
        ];
        foreach (var (tool, arguments, expected) in calls)
        {
            var fast = await PostAsync(server.Id, token, CallBody($"{slug}-{tool}", arguments));
            var bySdk = await PostAsync(server.Id, token, CallBody($"{slug}-{tool}", arguments, progressToken: "p-" + tool));

            Assert.Equal(bySdk, fast);
            Assert.Equal((HttpStatusCode.OK, "text/event-stream"), (fast.Status, fast.ContentType));
            Assert.StartsWith("event: message\ndata: {\"result\":{", fast.Body, StringComparison.Ordinal);
            Assert.Contains(expected, fast.Body, StringComparison.Ordinal);
            Assert.Contains("\"resultType\":\"complete\"", fast.Body, StringComparison.Ordinal);
            Assert.Contains($"\"io.modelcontextprotocol/serverInfo\":{{\"name\":\"{server.Name}\"", fast.Body, StringComparison.Ordinal);
            // The SDK's server handled the call with the progress token, and only that one.
            Assert.Equal(1, await spans.CountAsync($"tools/call {slug}-{tool}", 1));
        }
    }

    [Fact]
    public async Task A_call_that_fails_is_answered_by_the_SDK_and_reaches_the_upstream_once()
    {
        factory.Require();
        var refusals = 0;
        factory.Upstream.Tools.Add(McpServerTool.Create((string why) =>
        {
            Interlocked.Increment(ref refusals);
            throw new McpProtocolException("refused: " + why, McpErrorCode.InvalidParams) { Data = { ["reason"] = why } };
        }, new McpServerToolCreateOptions { Name = "refuse" }));
        var (server, slug, token) = await factory.FederatedServerAsync();
        using var spans = new SdkServerSpans();

        var fast = await PostAsync(server.Id, token, CallBody($"{slug}-refuse", new() { ["why"] = "policy" }));
        var bySdk = await PostAsync(server.Id, token, CallBody($"{slug}-refuse", new() { ["why"] = "policy" }, progressToken: "p-1"));

        Assert.Equal(bySdk, fast);
        Assert.Contains("\"code\":-32602", fast.Body, StringComparison.Ordinal);
        Assert.Contains("refused: policy", fast.Body, StringComparison.Ordinal);
        Assert.Contains("\"reason\":\"policy\"", fast.Body, StringComparison.Ordinal);
        Assert.Equal(2, refusals); // once per request: the SDK answered the first call's failure without calling again
        Assert.Equal(2, await spans.CountAsync($"tools/call {slug}-refuse", 2));

        var unknown = await PostAsync(server.Id, token, CallBody($"{slug}-nope", []));
        Assert.Equal(await PostAsync(server.Id, token, CallBody($"{slug}-nope", [], progressToken: "p-2")), unknown);
        Assert.Contains("\"code\":-32602,\"message\":\"Unknown tool:", unknown.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_that_is_not_exactly_a_stateless_call_reaches_the_SDK_whole()
    {
        factory.Require();
        var (server, slug, token) = await factory.FederatedServerAsync();
        var echo = new JsonObject { ["message"] = "hi" };

        // Told apart by the SDK's own refusals: they need the body, so it was handed on unread.
        var otherName = await PostAsync(server.Id, token, CallBody($"{slug}-echo", echo), name: $"{slug}-add");
        Assert.Equal(HttpStatusCode.BadRequest, otherName.Status);
        Assert.Contains("does not match body value", otherName.Body, StringComparison.Ordinal);

        var withoutCapabilities = CallBody($"{slug}-echo", echo);
        withoutCapabilities["params"]!["_meta"]!.AsObject().Remove("io.modelcontextprotocol/clientCapabilities");
        var refused = await PostAsync(server.Id, token, withoutCapabilities);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("must include \\u0027_meta/io.modelcontextprotocol/clientCapabilities", refused.Body, StringComparison.Ordinal);

        var logging = CallBody($"{slug}-echo", echo);
        logging["params"]!["_meta"]!["io.modelcontextprotocol/logLevel"] = "debug";
        var served = await PostAsync(server.Id, token, logging);
        Assert.Equal(HttpStatusCode.OK, served.Status);
        Assert.Contains("\"echo: hi\"", served.Body, StringComparison.Ordinal);
    }

    private static JsonObject CallBody(string tool, JsonObject arguments, string? progressToken = null)
    {
        var meta = new JsonObject
        {
            ["io.modelcontextprotocol/protocolVersion"] = VirtualServerTests<SqliteMcpFactory>.Stateless,
            ["io.modelcontextprotocol/clientInfo"] = new JsonObject { ["name"] = "raw", ["version"] = "1" },
            ["io.modelcontextprotocol/clientCapabilities"] = new JsonObject(),
        };
        if (progressToken is not null)
        {
            meta["progressToken"] = progressToken;
        }
        return new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = 7,
            ["method"] = "tools/call",
            ["params"] = new JsonObject { ["name"] = tool, ["arguments"] = arguments.DeepClone(), ["_meta"] = meta },
        };
    }

    /// <summary>A raw POST with the revision's headers (`Mcp-Name` = <paramref name="name"/>, else the body's tool).</summary>
    private async Task<Answer> PostAsync(string serverId, string token, JsonObject body, string? name = null)
    {
        using var http = factory.CreateDefaultClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/servers/{serverId}/mcp")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", VirtualServerTests<SqliteMcpFactory>.Stateless);
        request.Headers.Add("Mcp-Method", "tools/call");
        request.Headers.Add("Mcp-Name", name ?? body["params"]!["name"]!.GetValue<string>());
        using var response = await http.SendAsync(request, Cancel);
        return new Answer(response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(Cancel));
    }

    private sealed record Answer(HttpStatusCode Status, string? ContentType, string Body);

    /// <summary>The spans the SDK's MCP server starts for the requests it handles, by name (`tools/call {tool}`).</summary>
    private sealed class SdkServerSpans : IDisposable
    {
        private readonly List<string> _names = [];
        private readonly ActivityListener _listener;

        public SdkServerSpans()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Experimental.ModelContextProtocol",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
                ActivityStopped = activity =>
                {
                    if (activity.Kind == ActivityKind.Server)
                    {
                        lock (_names)
                        {
                            _names.Add(activity.DisplayName);
                        }
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        /// <summary>How many spans of <paramref name="name"/> ended, once <paramref name="expected"/> did or 5 s passed (a span ends just after its answer is sent).</summary>
        public async Task<int> CountAsync(string name, int expected)
        {
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                int count;
                lock (_names)
                {
                    count = _names.Count(n => n == name);
                }
                if (count >= expected || deadline.Elapsed > TimeSpan.FromSeconds(5))
                {
                    return count;
                }
                await Task.Delay(20, Cancel);
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
