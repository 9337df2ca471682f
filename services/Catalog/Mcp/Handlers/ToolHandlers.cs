using System.Diagnostics;
using McpGateway.Catalog.Federation.Upstream;
using McpGateway.Catalog.Mcp.Metrics;
using McpGateway.Catalog.Mcp.Views;
using McpGateway.ServiceDefaults.Authorization;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.Catalog.Mcp.Handlers;

/// <summary>
/// `tools/list` and `tools/call` of a virtual server. The list holds the tools the caller may see; a call needs
/// `tools.execute` in the tool's team as well. A tool the caller may not see is unknown, exactly as a tool that does
/// not exist. A call goes to the tool's upstream under its original name over the pooled session; the upstream's
/// result (content, `isError`, `structuredContent`, `_meta`) or JSON-RPC error comes back as it was, progress
/// notifications are relayed and a client's cancellation is passed on.
/// </summary>
public sealed class ToolHandlers(
    IHttpContextAccessor http,
    VirtualServerRequest requests,
    UpstreamForwarder forwarder,
    ProgressRelay progress,
    ToolCallMetrics metrics,
    McpTelemetry telemetry,
    TimeProvider time)
{
    public async ValueTask<ListToolsResult> ListAsync(RequestContext<ListToolsRequestParams> request, CancellationToken cancellationToken)
    {
        var (server, caller) = await requests.ResolveAsync(request, cancellationToken);
        var tools = new List<Tool>(server.Tools.Count);
        foreach (var tool in server.Tools)
        {
            if (requests.Policy.CanSee(caller, tool.Scope))
            {
                tools.Add(tool.Definition);
            }
        }
        return new ListToolsResult { Tools = tools };
    }

    public async ValueTask<CallToolResult> CallAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        // A call StatelessToolCalls made already and that failed: answered here so that the SDK writes the error.
        http.HttpContext?.Features.Get<FailedToolCall>()?.Failure.Throw();
        var (server, caller) = await requests.ResolveAsync(request, cancellationToken);
        return await CallAsync(server, caller, request.Params, request.Server, cancellationToken);
    }

    /// <summary>
    /// A call of <paramref name="server"/>'s tool by <paramref name="caller"/>; progress the upstream reports goes to
    /// <paramref name="client"/> when the call asks for it.
    /// </summary>
    public async ValueTask<CallToolResult> CallAsync(VirtualServerView server, Caller caller, CallToolRequestParams? call, McpServer? client,
        CancellationToken cancellationToken)
    {
        var name = call?.Name ?? "";
        if (!server.ToolsByName.TryGetValue(name, out var tool) || !requests.Policy.CanSee(caller, tool.Scope))
        {
            throw new McpProtocolException($"Unknown tool: '{name}'", McpErrorCode.InvalidParams);
        }
        if (!requests.Policy.IsAllowed(caller, Permissions.ToolsExecute, tool.Scope.TeamId))
        {
            throw new McpProtocolException($"Calling '{name}' needs tools.execute in its team.", McpErrorCode.InvalidRequest);
        }

        using var activity = McpTelemetry.Source.StartActivity("tools/call " + name, ActivityKind.Client);
        activity?.SetTag("mcp.server.id", server.Id);
        activity?.SetTag("mcp.tool.name", name);
        activity?.SetTag("mcp.gateway.id", tool.GatewayId);
        var started = Stopwatch.GetTimestamp();
        var outcome = "failure";
        try
        {
            var result = await ForwardAsync(call, client, tool.Upstream, tool.OriginalName, cancellationToken);
            outcome = result.IsError == true ? "error" : "success";
            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = "cancelled";
            throw;
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            activity?.SetTag("outcome", outcome);
            if (outcome is not "success")
            {
                activity?.SetStatus(ActivityStatusCode.Error, outcome);
            }
            metrics.Record(tool.Id, server.Id, outcome == "success", elapsed, time.GetUtcNow().UtcDateTime);
            telemetry.Record(name, tool.GatewayId, tool.Scope.TeamId, outcome, elapsed);
        }
    }

    private async Task<CallToolResult> ForwardAsync(CallToolRequestParams? call, McpServer? client, UpstreamEndpoint? upstream, string originalName,
        CancellationToken cancellationToken)
    {
        var forwarded = new CallToolRequestParams
        {
            Name = originalName,
            Arguments = call?.Arguments,
            Meta = UpstreamForwarder.ForwardedMeta(call?.Meta),
        };
        ProgressRelay.Registration? relay = null;
        if (call?.ProgressToken is { } clientToken && client is not null)
        {
            relay = progress.Register(client, clientToken);
            (forwarded.Meta ??= [])["progressToken"] = relay.Value.Token;
        }
        try
        {
            var result = await forwarder.SendAsync(upstream, idempotent: false, (client, ct) => UpstreamForwarder.CallToolAsync(client, forwarded, ct), cancellationToken);
            if (relay is { } pending)
            {
                await pending.DrainAsync();
            }
            return result;
        }
        finally
        {
            relay?.Dispose();
        }
    }
}
