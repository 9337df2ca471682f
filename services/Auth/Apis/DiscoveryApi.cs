using System.Text.Json;
using McpGateway.Auth.OAuth;
using McpGateway.Auth.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace McpGateway.Auth.Apis;

/// <summary>The provider's metadata (OIDC Discovery, RFC 8414) and its signing keys (RFC 7517).</summary>
public static class DiscoveryApi
{
    public static IEndpointRouteBuilder MapDiscoveryApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(OAuthPaths.OpenIdConfiguration, GetMetadata).AllowAnonymous();
        app.MapGet(OAuthPaths.AuthorizationServerMetadata, GetMetadata).AllowAnonymous();
        app.MapGet(OAuthPaths.Jwks, GetJwksAsync).AllowAnonymous();
        return app;
    }

    public static Ok<Dictionary<string, object>> GetMetadata(HttpContext context, AuthSettings settings)
    {
        context.Response.Headers.CacheControl = "public, max-age=3600";
        return TypedResults.Ok(DiscoveryDocument.Create(settings));
    }

    /// <summary>
    /// Upcoming, active and retired-but-unexpired keys. Cached briefly: a new key is published an hour before it signs,
    /// so five minutes of caching never hides a key a token carries.
    /// </summary>
    public static async Task<JsonHttpResult<JsonElement>> GetJwksAsync(HttpContext context, SigningKeyStore keys, CancellationToken cancellationToken)
    {
        context.Response.Headers.CacheControl = "public, max-age=300";
        return TypedResults.Json(await keys.GetJwksAsync(cancellationToken), contentType: "application/jwk-set+json");
    }
}
