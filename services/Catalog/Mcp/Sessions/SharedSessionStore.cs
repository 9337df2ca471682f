using System.Security.Claims;
using System.Text.Json;
using McpGateway.Catalog.Infrastructure;
using McpGateway.ServiceDefaults.Authentication;
using Microsoft.EntityFrameworkCore;
using ModelContextProtocol;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Protocol;

namespace McpGateway.Catalog.Mcp.Sessions;

/// <summary>
/// Makes `Mcp-Session-Id` sessions (protocol 2025-11-25 and earlier) work across catalog replicas without sticky
/// routing: a session's handshake is written to `mcp_sessions` when it is initialized; a replica that receives a
/// session id it does not know reads it back and continues the session, for the same user on the same server only.
/// Reads and writes happen at `initialize` and at a session's first request on another replica, never per call.
/// </summary>
internal sealed class SharedSessionStore(IServiceScopeFactory scopes, McpSettings settings, TimeProvider time) : ISessionMigrationHandler
{
    public async ValueTask OnSessionInitializedAsync(HttpContext context, string sessionId, InitializeRequestParams initializeParams, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogContext>();
        db.Set<McpSessionRecord>().Add(new McpSessionRecord
        {
            SessionId = sessionId,
            ServerId = context.GetRouteValue(VirtualServerRequest.ServerIdRouteValue) as string ?? "",
            Principal = PrincipalOf(context.User),
            InitializeParams = JsonSerializer.Serialize(initializeParams, McpJsonUtilities.DefaultOptions),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    public async ValueTask<InitializeRequestParams?> AllowSessionMigrationAsync(HttpContext context, string sessionId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogContext>();
        var record = await db.Set<McpSessionRecord>().AsNoTracking().FirstOrDefaultAsync(s => s.SessionId == sessionId, cancellationToken);
        var serverId = context.GetRouteValue(VirtualServerRequest.ServerIdRouteValue) as string;
        if (record is null || record.ServerId != serverId || record.Principal != PrincipalOf(context.User)
            || record.CreatedAt < time.GetUtcNow().UtcDateTime - settings.SessionRetention)
        {
            return null;
        }
        return JsonSerializer.Deserialize<InitializeRequestParams>(record.InitializeParams, McpJsonUtilities.DefaultOptions);
    }

    private static string PrincipalOf(ClaimsPrincipal user) =>
        user.FindFirst(TokenAuthenticationDefaults.Claims.Subject)?.Value ?? user.FindFirst(TokenAuthenticationDefaults.Claims.Email)?.Value ?? "";
}
