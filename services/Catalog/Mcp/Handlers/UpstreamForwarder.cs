using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Catalog.Federation;
using McpGateway.Catalog.Federation.Upstream;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Catalog.Mcp.Handlers;

/// <summary>
/// Sends one request over a gateway's pooled upstream session, within <see cref="FederationSettings.RequestTimeout"/>.
/// A session found dead is replaced; the request is sent again only when it cannot have reached the upstream (the
/// connection was refused, or the upstream no longer knew the session), or when it is safe to repeat (a read).
/// An upstream's own JSON-RPC error passes through unchanged.
/// </summary>
public sealed class UpstreamForwarder(UpstreamConnections connections, FederationSettings settings)
{
    public async Task<T> SendAsync<T>(UpstreamEndpoint? endpoint, bool idempotent, Func<McpClient, CancellationToken, ValueTask<T>> send,
        CancellationToken cancellationToken)
    {
        if (endpoint is null)
        {
            throw new McpProtocolException("This item's upstream server is not configured.", McpErrorCode.InternalError);
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.RequestTimeout);
        var connection = connections.For(endpoint);
        McpClient client;
        try
        {
            client = await connection.ClientAsync(timeout.Token);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unavailable(endpoint, exception);
        }
        try
        {
            return WithoutHopMeta(await send(client, timeout.Token));
        }
        catch (Exception exception) when (UpstreamConnections.IsConnectionFailure(exception) && !cancellationToken.IsCancellationRequested)
        {
            connection.Reset(client);
            if (!idempotent && !NeverArrived(exception))
            {
                throw Unavailable(endpoint, exception);
            }
            try
            {
                return WithoutHopMeta(await send(await connection.ClientAsync(timeout.Token), timeout.Token));
            }
            catch (Exception retry) when (UpstreamConnections.IsConnectionFailure(retry) && !cancellationToken.IsCancellationRequested)
            {
                throw Unavailable(endpoint, retry);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new McpProtocolException($"The upstream server '{endpoint.Slug}' did not answer within {settings.RequestTimeout.TotalSeconds:0} s.", McpErrorCode.InternalError);
        }
    }

    /// <summary>
    /// `tools/call` over an upstream session, cancelled at the upstream when <paramref name="cancellationToken"/> is.
    /// The SDK's client, cancelled, abandons the request without the `notifications/cancelled` a 2025-11-25 session
    /// needs (csharp-sdk#1365), so the upstream would run the call to its end: the request goes out under an id of
    /// ours, and a cancellation sends the notification for that id itself.
    /// </summary>
    public static async ValueTask<CallToolResult> CallToolAsync(McpClient client, CallToolRequestParams call, CancellationToken cancellationToken)
    {
        var id = new RequestId($"mcpgateway-{Guid.NewGuid():N}");
        await using var cancellation = cancellationToken.Register(() => _ = client.SendNotificationAsync(NotificationMethods.CancelledNotification,
            new CancelledNotificationParams { RequestId = id }, McpJsonUtilities.DefaultOptions, CancellationToken.None));
        var response = await client.SendRequestAsync(new JsonRpcRequest
        {
            Id = id,
            Method = RequestMethods.ToolsCall,
            Params = JsonSerializer.SerializeToNode(call, McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(CallToolRequestParams))),
        }, cancellationToken);
        return response.Result.Deserialize(McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(CallToolResult))) as CallToolResult
            ?? throw new McpProtocolException("The upstream server answered tools/call without a result.", McpErrorCode.InternalError);
    }

    /// <summary>The client's `_meta` for the upstream: without the protocol keys of the client's own session.</summary>
    public static JsonObject? ForwardedMeta(JsonObject? meta)
    {
        if (meta is null || meta.Count == 0)
        {
            return null;
        }
        var forwarded = new JsonObject();
        foreach (var (key, value) in meta)
        {
            if (!key.StartsWith("io.modelcontextprotocol/", StringComparison.Ordinal) && key != "progressToken")
            {
                forwarded[key] = value?.DeepClone();
            }
        }
        return forwarded.Count == 0 ? null : forwarded;
    }

    /// <summary>
    /// Drops the `io.modelcontextprotocol/` keys of a result's `_meta`: they describe the upstream hop (its server info,
    /// its session's protocol) and are not the client's; the SDK adds this server's own where the client's revision has them.
    /// </summary>
    private static T WithoutHopMeta<T>(T result)
    {
        if (result is ModelContextProtocol.Protocol.Result { Meta: { Count: > 0 } meta } withMeta)
        {
            foreach (var key in meta.Select(p => p.Key).Where(k => k.StartsWith("io.modelcontextprotocol/", StringComparison.Ordinal)).ToList())
            {
                meta.Remove(key);
            }
            if (meta.Count == 0)
            {
                withMeta.Meta = null;
            }
        }
        return result;
    }

    private static bool NeverArrived(Exception exception) => exception switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => true,
        HttpRequestException { StatusCode: HttpStatusCode.NotFound } => true,
        _ => exception.InnerException is { } inner && NeverArrived(inner),
    };

    private static McpProtocolException Unavailable(UpstreamEndpoint endpoint, Exception exception) =>
        new($"The upstream server '{endpoint.Slug}' is unavailable: {exception.Message}", exception, McpErrorCode.InternalError);
}
