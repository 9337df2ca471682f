using System.Buffers;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using McpGateway.Catalog.Mcp.Handlers;
using Microsoft.AspNetCore.Http.Features;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGateway.Catalog.Mcp;

/// <summary>
/// Serves the commonest MCP request, a stateless `tools/call` of the 2026-07-28 revision, without the SDK's server. For a
/// stateless request the SDK builds a whole server (options, handlers, a message loop) and tears it down again, which
/// costs more than the rest of the call. Here the call goes straight to <see cref="ToolHandlers"/>, as from the SDK, and
/// the result is written as the SDK writes it: one SSE `message` event, the result's `_meta` naming this server.
/// <list type="bullet">
/// <item>Only a request the SDK would serve is taken: the revision's headers (`Mcp-Method`, `Mcp-Name` equal to the body,
/// no `Mcp-Param-*`), both media types accepted, no session, `_meta` with the protocol version and the client's
/// capabilities and no other protocol key. No progress token either: progress needs the SDK's server to report to.</item>
/// <item>Anything else (and a body that is not such a JSON-RPC request) goes on to the SDK's endpoint, the body rewound.</item>
/// <item>A call that fails is answered by the SDK too: the failure is handed to it (<see cref="FailedToolCall"/>) and
/// the SDK writes its error, so errors have one shape whichever way the request came.</item>
/// </list>
/// </summary>
internal sealed class StatelessToolCalls(VirtualServerRequest requests, ToolHandlers tools) : IMiddleware
{
    public const string ProtocolVersion = "2026-07-28";

    private static readonly JsonTypeInfo Messages = McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage));
    private static readonly JsonTypeInfo CallParams = McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(CallToolRequestParams));
    private static readonly JsonTypeInfo CallResult = McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(CallToolResult));
    private static readonly JsonTypeInfo ServerInfo = McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(Implementation));

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!HasCallHeaders(context))
        {
            await next(context);
            return;
        }
        context.Request.EnableBuffering();
        if (await ReadCallAsync(context) is not { } read)
        {
            context.Request.Body.Position = 0;
            await next(context);
            return;
        }

        var (request, call) = read;
        var aborted = context.RequestAborted;
        JsonObject result;
        try
        {
            var (server, caller) = await requests.ResolveAsync(context, aborted);
            var answer = await tools.CallAsync(server, caller, call, client: null, aborted);
            answer.ResultType ??= "complete"; // a 2026-07-28 result says whether it is complete, as the SDK stamps it
            result = (JsonObject)JsonSerializer.SerializeToNode(answer, CallResult)!;
            var meta = result["_meta"] as JsonObject ?? (JsonObject)(result["_meta"] = new JsonObject());
            meta[MetaKeys.ServerInfo] = JsonSerializer.SerializeToNode(McpExtensions.ServerInfo(server), ServerInfo);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            return; // the client went away: as the SDK, answer nothing
        }
        catch (Exception exception)
        {
            context.Features.Set(new FailedToolCall(ExceptionDispatchInfo.Capture(exception)));
            context.Request.Body.Position = 0;
            await next(context);
            return;
        }
        await WriteAsync(context, new JsonRpcResponse { Id = request.Id, Result = result });
    }

    private static bool HasCallHeaders(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method)
            || context.GetEndpoint()?.Metadata.GetMetadata<VirtualServerEndpoint>() is null
            || request.Path.Value?.EndsWith("/mcp", StringComparison.Ordinal) != true
            || request.Headers["Mcp-Session-Id"].Count != 0
            || request.Headers["MCP-Protocol-Version"] != ProtocolVersion
            || request.Headers["Mcp-Method"] != RequestMethods.ToolsCall
            || request.Headers["Mcp-Name"].Count != 1)
        {
            return false;
        }
        foreach (var header in request.Headers.Keys)
        {
            if (header.StartsWith("Mcp-Param-", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }
        var accept = request.GetTypedHeaders().Accept;
        return accept.Any(a => a.MatchesMediaType("application/json")) && accept.Any(a => a.MatchesMediaType("text/event-stream"));
    }

    private static async Task<(JsonRpcRequest Request, CallToolRequestParams Call)?> ReadCallAsync(HttpContext context)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(context.Request.Body, Messages, context.RequestAborted) is JsonRpcRequest
                {
                    Method: RequestMethods.ToolsCall,
                    Params: JsonObject { } parameters,
                } request
                && parameters.Deserialize(CallParams) is CallToolRequestParams { Meta: { } meta } call
                && call.Name == context.Request.Headers["Mcp-Name"].ToString()
                && HasOnlyRevisionMeta(meta)
                    ? (request, call)
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The request's `_meta` names this revision and the client's capabilities, and asks for nothing else of the protocol.</summary>
    private static bool HasOnlyRevisionMeta(JsonObject meta)
    {
        if (meta[MetaKeys.ProtocolVersion] is not JsonValue version || !version.TryGetValue(out string? named) || named != ProtocolVersion
            || meta[MetaKeys.ClientCapabilities] is not JsonObject)
        {
            return false;
        }
        foreach (var (key, _) in meta)
        {
            if (key == "progressToken"
                || (key.StartsWith("io.modelcontextprotocol/", StringComparison.Ordinal)
                    && key is not (MetaKeys.ProtocolVersion or MetaKeys.ClientCapabilities or MetaKeys.ClientInfo)))
            {
                return false;
            }
        }
        return true;
    }

    private static async Task WriteAsync(HttpContext context, JsonRpcMessage message)
    {
        var response = context.Response;
        response.Headers.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache,no-store";
        response.Headers.ContentEncoding = "identity";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();
        var body = response.BodyWriter;
        body.Write("event: message\ndata: "u8);
        using (var json = new Utf8JsonWriter(body))
        {
            JsonSerializer.Serialize(json, message, Messages);
        }
        body.Write("\n\n"u8);
        await body.FlushAsync(context.RequestAborted);
    }
}

/// <summary>
/// A `tools/call` that <see cref="StatelessToolCalls"/> made and that failed: the SDK's endpoint, given the same request,
/// raises this failure instead of calling again (<see cref="ToolHandlers"/>), and answers it as it answers any.
/// </summary>
internal sealed record FailedToolCall(ExceptionDispatchInfo Failure);
