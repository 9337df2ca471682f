using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.TestSupport.Mcp;

/// <summary>
/// A real upstream MCP server for tests, built with the C# SDK on Kestrel at a loopback port: tools with text,
/// structured, error, image and resource-link results and one that reports progress, a resource, a resource template,
/// a prompt with argument completion (<see cref="UpstreamTools"/>, <see cref="UpstreamResources"/>, <see cref="UpstreamPrompts"/>).
/// It records the Authorization and traceparent headers it receives and the calls it saw cancelled, can demand a
/// credential, and can change its tools while running (<see cref="Tools"/>: its sessions hear `tools/list_changed`).
/// </summary>
public sealed class TestMcpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestMcpServer(WebApplication app, string? requiredAuthorization)
    {
        _app = app;
        RequiredAuthorization = requiredAuthorization;
    }

    /// <summary>The Streamable HTTP endpoint (`/mcp`); the HTTP+SSE endpoint is <see cref="SseEndpoint"/>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    public Uri SseEndpoint => new(Endpoint, "/mcp/sse");

    public string? RequiredAuthorization { get; }

    /// <summary>Every Authorization header value received (empty string when absent).</summary>
    public ConcurrentQueue<string> AuthorizationHeaders { get; } = new();

    /// <summary>Every `traceparent` header received.</summary>
    public ConcurrentQueue<string> TraceParents { get; } = new();

    /// <summary>The tools calls that were cancelled here, by name (a client's cancellation reached the upstream).</summary>
    public CancelledCalls Cancelled { get; private init; } = null!;

    /// <summary>The live tool collection: adding or removing a tool notifies every session (`notifications/tools/list_changed`).</summary>
    public McpServerPrimitiveCollection<McpServerTool> Tools =>
        _app.Services.GetRequiredService<IOptions<McpServerOptions>>().Value.ToolCollection!;

    /// <summary>Starts a server; with <paramref name="requiredAuthorization"/>, requests without exactly that header get 401.</summary>
    public static async Task<TestMcpServer> StartAsync(string? requiredAuthorization = null, bool legacySse = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddMcpServer(options => options.ServerInfo = new Implementation { Name = "test-upstream", Version = "1.0.0" })
            .WithHttpTransport(transport =>
            {
                // Both protocol generations, as a current upstream speaks them; the legacy transport needs sessions throughout.
                transport.SessionMode = legacySse ? HttpServerSessionMode.Stateful : HttpServerSessionMode.StatefulForInitializeClients;
#pragma warning disable MCP9004 // the legacy HTTP+SSE transport, on purpose: federation must reach upstreams that only speak it
                transport.EnableLegacySse = legacySse;
#pragma warning restore MCP9004
            })
            .WithTools<UpstreamTools>()
            .WithResources<UpstreamResources>()
            .WithPrompts<UpstreamPrompts>()
            .WithCompleteHandler((request, _) => ValueTask.FromResult(new CompleteResult
            {
                Completion = new Completion
                {
                    Values = request.Params?.Argument.Name == "name"
                        ? UpstreamPrompts.Names.Where(n => n.StartsWith(request.Params.Argument.Value, StringComparison.Ordinal)).ToList()
                        : [],
                },
            }));
        var cancelled = new CancelledCalls();
        builder.Services.AddSingleton(cancelled);
        var app = builder.Build();
        var server = new TestMcpServer(app, requiredAuthorization) { Cancelled = cancelled };
        app.Use(async (context, next) =>
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            server.AuthorizationHeaders.Enqueue(authorization);
            if (context.Request.Headers.TryGetValue("traceparent", out var traceParent))
            {
                server.TraceParents.Enqueue(traceParent.ToString());
            }
            if (requiredAuthorization is not null && authorization != requiredAuthorization)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }
            await next(context);
        });
        app.MapMcp("/mcp");
        await app.StartAsync();
        server.Endpoint = new Uri(new Uri(app.Urls.Single()), "/mcp");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Names of the tool calls an upstream saw cancelled.</summary>
public sealed class CancelledCalls : ConcurrentQueue<string>;
