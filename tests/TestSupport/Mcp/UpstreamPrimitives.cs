using System.ComponentModel;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.TestSupport.Mcp;

/// <summary>The test upstream's tools: one of each kind of result a client must get back unchanged.</summary>
[McpServerToolType]
public sealed class UpstreamTools
{
    [McpServerTool(Name = "echo", Title = "Echo"), Description("Echoes the message back.")]
    public static string Echo([Description("What to echo")] string message) => $"echo: {message}";

    [McpServerTool(Name = "add", UseStructuredContent = true, ReadOnly = true, Idempotent = true), Description("Adds two numbers.")]
    public static Sum Add(int a, int b) => new(a + b);

    [McpServerTool(Name = "fail"), Description("Always reports a tool error.")]
    public static CallToolResult Fail() => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = "it failed, as asked" }],
        Meta = new System.Text.Json.Nodes.JsonObject { ["example.com/reason"] = "asked" },
    };

    [McpServerTool(Name = "image"), Description("Returns a tiny PNG and a resource link.")]
    public static CallToolResult Image() => new()
    {
        Content =
        [
            ImageContentBlock.FromBytes(Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNk+A8AAQUBAScY42YAAAAASUVORK5CYII="), "image/png"),
            new ResourceLinkBlock { Uri = "test://static/hello", Name = "hello", MimeType = "text/plain" },
        ],
    };

    [McpServerTool(Name = "slow"), Description("Reports progress for each step, 50 ms apart.")]
    public static async Task<string> Slow(McpServer server, RequestContext<CallToolRequestParams> context, CancelledCalls cancelled, int steps,
        CancellationToken cancellationToken)
    {
        try
        {
            for (var step = 1; step <= steps; step++)
            {
                await Task.Delay(50, cancellationToken);
                if (context.Params?.ProgressToken is { } token)
                {
                    await server.NotifyProgressAsync(token, new ProgressNotificationValue { Progress = step, Total = steps }, cancellationToken: cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            cancelled.Enqueue("slow");
            throw;
        }
        return $"done after {steps} steps";
    }

    [McpServerTool(Name = "private_tool"), Description("A tool the tests make private.")]
    public static string PrivateTool() => "secret";

    public sealed record Sum(int Result);
}

/// <summary>The test upstream's resources: one static, one template.</summary>
[McpServerResourceType]
public sealed class UpstreamResources
{
    [McpServerResource(UriTemplate = "test://static/hello", Name = "hello", MimeType = "text/plain"), Description("A static greeting.")]
    public static string Hello() => "Hello, world";

    [McpServerResource(UriTemplate = "test://items/{id}", Name = "item", MimeType = "application/json"), Description("An item by id.")]
    public static string Item(string id) => $$"""{"id":"{{id}}"}""";
}

/// <summary>The test upstream's prompt, whose `name` argument completes.</summary>
[McpServerPromptType]
public sealed class UpstreamPrompts
{
    public static readonly string[] Names = ["alice", "albert", "bob"];

    [McpServerPrompt(Name = "greet", Title = "Greeting"), Description("Greets someone by name.")]
    public static string Greet([Description("Who to greet")] string name) => $"Please greet {name} warmly.";
}
