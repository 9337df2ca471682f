using System.Security.Claims;
using McpGateway.Catalog.Mcp.Views;
using McpGateway.ServiceDefaults.Authorization;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.Catalog.Mcp;

/// <summary>
/// Which virtual server an MCP request addresses (the `{id}` of the endpoint it came in on) and who is asking (the
/// principal of that very message), resolved from memory for every request: nothing of either is cached per session,
/// so a revoked membership or a hidden tool counts from the next message on.
/// </summary>
public sealed class VirtualServerRequest(IHttpContextAccessor http, CatalogViews views, PolicyEvaluator policy)
{
    public const string ServerIdRouteValue = "id";

    public PolicyEvaluator Policy => policy;

    public ValueTask<(VirtualServerView Server, Caller Caller)> ResolveAsync(MessageContext message, CancellationToken cancellationToken) =>
        ResolveAsync(http.HttpContext, message.User, cancellationToken);

    /// <summary>The same for a request served without the SDK's server: the user of the HTTP request itself.</summary>
    public ValueTask<(VirtualServerView Server, Caller Caller)> ResolveAsync(HttpContext context, CancellationToken cancellationToken) =>
        ResolveAsync(context, context.User, cancellationToken);

    private async ValueTask<(VirtualServerView Server, Caller Caller)> ResolveAsync(HttpContext? context, ClaimsPrincipal? user, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var serverId = context?.GetRouteValue(ServerIdRouteValue) as string;
        var view = await views.CurrentAsync(cancellationToken);
        if (serverId is null || !view.Servers.TryGetValue(serverId, out var server) || !policy.CanSee(caller, server.Scope)
            || (caller.Scope?.ServerId is { } scoped && !string.Equals(scoped, serverId, StringComparison.Ordinal)))
        {
            // The endpoint guard refused these before; a session can outlive what its user could see.
            throw new McpProtocolException("This server is not available.", McpErrorCode.InvalidRequest);
        }
        return (server, caller);
    }
}
