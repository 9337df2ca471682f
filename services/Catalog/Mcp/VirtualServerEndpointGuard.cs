using System.Security.Claims;
using McpGateway.Catalog.Mcp.Views;
using McpGateway.ServiceDefaults.Authentication;
using McpGateway.ServiceDefaults.Authorization;
using Microsoft.Extensions.Options;

namespace McpGateway.Catalog.Mcp;

/// <summary>Marks the endpoints of a virtual server's MCP transport, which <see cref="VirtualServerEndpointGuard"/> checks.</summary>
public sealed class VirtualServerEndpoint;

/// <summary>
/// Runs after authentication, before any MCP endpoint (`/servers/{id}/mcp`, `/sse`, `/message`) touches the body:
/// <list type="bullet">
/// <item>an `Origin` that is not allowed is refused (403): a browser page of another site, or one reached through DNS
/// rebinding, cannot drive the endpoint with the user's network position;</item>
/// <item>a token issued for another resource (RFC 8707 audience `{issuer}/servers/{other}/mcp`) is refused (401, with the
/// Bearer challenge naming this resource's metadata); the general API audience and this server's own are accepted;</item>
/// <item>an API token scoped to another server (`server_id`) is refused (403);</item>
/// <item>a server that does not exist, is disabled, or that the caller may not see is 404, alike.</item>
/// </list>
/// </summary>
internal sealed class VirtualServerEndpointGuard(
    CatalogViews views,
    PolicyEvaluator policy,
    McpSettings settings,
    IOptions<TokenAuthenticationOptions> tokens) : IMiddleware
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<VirtualServerEndpoint>() is null)
        {
            await next(context);
            return;
        }
        var serverId = context.GetRouteValue(VirtualServerRequest.ServerIdRouteValue) as string ?? "";
        if (context.Request.Headers.Origin.ToString() is { Length: > 0 } origin
            && !settings.AllowedOrigins.Contains(origin.TrimEnd('/'), StringComparer.OrdinalIgnoreCase))
        {
            await Refuse(context, StatusCodes.Status403Forbidden, "This origin may not use the MCP endpoint.");
            return;
        }
        if (!AudienceAdmits(context.User, serverId))
        {
            context.Response.Headers.WWWAuthenticate =
                $"Bearer error=\"invalid_token\", error_description=\"The token was issued for another resource.\", resource_metadata=\"{MetadataAddress(tokens.Value.Issuer, serverId)}\"";
            await Refuse(context, StatusCodes.Status401Unauthorized, "The token was issued for another resource.");
            return;
        }
        var caller = Caller.From(context.User);
        if (caller.Scope?.ServerId is { } scoped && !string.Equals(scoped, serverId, StringComparison.Ordinal))
        {
            await Refuse(context, StatusCodes.Status403Forbidden, "The token is scoped to another server.");
            return;
        }
        var view = await views.CurrentAsync(context.RequestAborted);
        if (!view.Servers.TryGetValue(serverId, out var server) || !policy.CanSee(caller, server.Scope))
        {
            await Refuse(context, StatusCodes.Status404NotFound, "No such server.");
            return;
        }
        await next(context);
    }

    /// <summary>The RFC 9728 metadata address of a server's MCP endpoint, as the Bearer challenge names it.</summary>
    public static string MetadataAddress(string issuer, string serverId) =>
        $"{issuer}/.well-known/oauth-protected-resource/servers/{Uri.EscapeDataString(serverId)}/mcp";

    /// <summary>The resource indicator (RFC 8707) of a server's MCP endpoint, the audience of tokens bound to it.</summary>
    public static string ResourceOf(string issuer, string serverId) => $"{issuer}/servers/{serverId}/mcp";

    private bool AudienceAdmits(ClaimsPrincipal user, string serverId)
    {
        var audiences = user.FindAll("aud").Select(a => a.Value).ToList();
        if (audiences.Count == 0)
        {
            return true; // HTTP Basic: no token, no audience
        }
        var options = tokens.Value;
        var own = ResourceOf(options.Issuer, serverId);
        return audiences.Any(a => options.ValidAudiences.Contains(a, StringComparer.Ordinal) || string.Equals(a, own, StringComparison.Ordinal));
    }

    private static Task Refuse(HttpContext context, int status, string detail) =>
        Results.Problem(statusCode: status, detail: detail).ExecuteAsync(context);
}
