using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.Catalog.Mcp;

/// <summary>
/// The HTTP+SSE transport of protocol 2024-11-05, for old clients, at `GET /servers/{id}/sse` (the event stream; its
/// first event names the message endpoint) and `POST /servers/{id}/message?sessionId=...` (the client's messages).
/// The same handlers and checks as the Streamable HTTP endpoint serve it. A session lives in the replica holding its
/// stream, so its POSTs must reach that replica (HTTP+SSE has no way to move a stream).
/// </summary>
public static class LegacySseEndpoints
{
    public static void MapLegacySse(this IEndpointRouteBuilder app)
    {
        app.MapGet("/servers/{id}/sse", StreamAsync).RequireAuthorization().WithMetadata(new VirtualServerEndpoint()).ExcludeFromDescription();
        app.MapPost("/servers/{id}/message", MessageAsync).RequireAuthorization().WithMetadata(new VirtualServerEndpoint()).ExcludeFromDescription();
    }

    private static async Task StreamAsync(HttpContext context, LegacySseSessions sessions, IOptionsFactory<McpServerOptions> optionsFactory,
        ILoggerFactory loggers, IHostApplicationLifetime lifetime)
    {
        var sessionId = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16));
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache,no-store";
        context.Response.Headers.ContentEncoding = "identity";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        context.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();

        var messageEndpoint = $"{context.Request.PathBase}/servers/{Uri.EscapeDataString((string)context.GetRouteValue("id")!)}/message?sessionId={sessionId}";
        await using var transport = new SseResponseStreamTransport(context.Response.Body, messageEndpoint, sessionId);
        sessions.Add(sessionId, transport, UserOf(context));
        try
        {
            var transportTask = transport.RunAsync(stopping.Token);
            try
            {
                await using var server = McpServer.Create(transport, optionsFactory.Create(Options.DefaultName), loggers, context.RequestServices);
                await server.RunAsync(stopping.Token);
            }
            finally
            {
                await transport.DisposeAsync();
                await transportTask;
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The client went away (or the service is stopping): that is how an SSE session ends.
        }
        finally
        {
            sessions.Remove(sessionId);
        }
    }

    private static async Task<IResult> MessageAsync(HttpContext context, LegacySseSessions sessions)
    {
        if (context.Request.Query["sessionId"].ToString() is not { Length: > 0 } sessionId || !sessions.TryGet(sessionId, out var session))
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: "No such session on this replica.");
        }
        if (session.User != UserOf(context))
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, detail: "The session belongs to someone else.");
        }
        JsonRpcMessage? message;
        try
        {
            message = await JsonSerializer.DeserializeAsync<JsonRpcMessage>(context.Request.Body, McpJsonUtilities.DefaultOptions, context.RequestAborted);
        }
        catch (JsonException)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, detail: "The body is not a JSON-RPC message.");
        }
        if (message is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, detail: "The body is not a JSON-RPC message.");
        }
        (message.Context ??= new JsonRpcMessageContext()).User = context.User;
        await session.Transport.OnMessageReceivedAsync(message, context.RequestAborted);
        return Results.Text("Accepted", statusCode: StatusCodes.Status202Accepted);
    }

    private static string UserOf(HttpContext context) => context.User.FindFirst("sub")?.Value ?? context.User.Identity?.Name ?? "";
}

/// <summary>The HTTP+SSE sessions this replica holds open, by session id.</summary>
public sealed class LegacySseSessions
{
    private readonly ConcurrentDictionary<string, (SseResponseStreamTransport Transport, string User)> _sessions = new(StringComparer.Ordinal);

    public void Add(string sessionId, SseResponseStreamTransport transport, string user) => _sessions[sessionId] = (transport, user);

    public void Remove(string sessionId) => _sessions.TryRemove(sessionId, out _);

    public bool TryGet(string sessionId, out (SseResponseStreamTransport Transport, string User) session) => _sessions.TryGetValue(sessionId, out session);
}
