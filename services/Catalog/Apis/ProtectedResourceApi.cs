using System.Text.RegularExpressions;
using McpGateway.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

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

    public static Results<Ok<ProtectedResourceMetadata>, ProblemHttpResult> GetServerMetadata(string id, IOptions<TokenAuthenticationOptions> tokens)
    {
        if (!ServerId().IsMatch(id))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: "No such server.");
        }
        // The issuer is the public gateway origin, exactly as tokens and discovery name it: an MCP client compares
        // these strings, so they must not vary with the host name a request happened to use.
        var issuer = tokens.Value.Issuer;
        return TypedResults.Ok(new ProtectedResourceMetadata(
            Resource: $"{issuer}/servers/{id}/mcp",
            AuthorizationServers: [issuer],
            BearerMethodsSupported: ["header"]));
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex ServerId();
}

public sealed record ProtectedResourceMetadata(string Resource, string[] AuthorizationServers, string[] BearerMethodsSupported);
