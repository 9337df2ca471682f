using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace McpGateway.Catalog.Apis;

/// <summary>
/// RFC 9728 protected resource metadata for each virtual server's MCP endpoint, so a standard MCP client can find
/// the authorization server before it has a token. It depends only on the server id, never on whether that server
/// exists or is visible, so it reveals nothing to an unauthenticated caller.
/// </summary>
public static partial class ProtectedResourceApi
{
    public static RouteGroupBuilder MapProtectedResourceApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/.well-known/oauth-protected-resource");
        api.MapGet("/servers/{id}/mcp", GetServerMetadata);
        return api;
    }

    public static Results<Ok<ProtectedResourceMetadata>, ProblemHttpResult> GetServerMetadata(string id, HttpRequest request)
    {
        if (!ServerId().IsMatch(id))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: "No such server.");
        }
        // The gateway is the public origin; UseForwardedHeaders has already applied its X-Forwarded-Host/Proto.
        var origin = $"{request.Scheme}://{request.Host}{request.PathBase}";
        return TypedResults.Ok(new ProtectedResourceMetadata(
            Resource: $"{origin}/servers/{id}/mcp",
            AuthorizationServers: [origin],
            BearerMethodsSupported: ["header"]));
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex ServerId();
}

public sealed record ProtectedResourceMetadata(string Resource, string[] AuthorizationServers, string[] BearerMethodsSupported);
