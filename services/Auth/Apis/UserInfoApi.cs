using Microsoft.AspNetCore;
using McpGateway.Auth.Infrastructure;
using McpGateway.Auth.Security;
using McpGateway.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace McpGateway.Auth.Apis;

/// <summary>
/// The UserInfo endpoint (OIDC Core §5.3) once OpenIddict has validated the access token (signature, issuer, lifetime,
/// its entry not revoked): only for tokens meant for the gateway's own API (an MCP server's token is not a key to the
/// user's profile), never for a revoked `jti` or an account disabled since. Claims follow the token's scopes (`email`,
/// `profile`); a token without a scope (the gateway's own sign-in) sees them all. Errors are RFC 6750 challenges.
/// </summary>
public static class UserInfoApi
{
    public static async Task<Results<Ok<Dictionary<string, object>>, ChallengeHttpResult>> GetUserInfoAsync(HttpContext context, AuthContext db,
        AuthSettings settings, TokenDenyList denyList)
    {
        var principal = (await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal;
        if (principal is null)
        {
            return Challenge(Errors.InvalidToken, "The access token is invalid or expired.");
        }
        if (!principal.GetAudiences().Contains(settings.Audience, StringComparer.Ordinal))
        {
            return Challenge(Errors.InvalidToken, "This access token is meant for another resource, not for the user's profile.");
        }
        if (principal.GetClaim(Claims.JwtId) is { } jti && denyList.IsRevoked(jti))
        {
            return Challenge(Errors.InvalidToken, "The access token has been revoked.");
        }
        if (principal.GetClaim(Claims.Email) is not { Length: > 0 } email)
        {
            return Challenge(Errors.InsufficientAccess, "This access token belongs to a client, not a user.");
        }
        if (await db.Users.FindAsync([email], context.RequestAborted) is not { IsActive: true } user)
        {
            return Challenge(Errors.InvalidToken, "The account of this access token is no longer active.");
        }

        var scopes = principal.GetScopes();
        bool Granted(string scope) => scopes.IsEmpty || scopes.Contains(scope);
        var claims = new Dictionary<string, object> { [Claims.Subject] = principal.GetClaim(Claims.Subject)! };
        if (Granted(Scopes.Email))
        {
            claims[Claims.Email] = user.Email;
            claims[Claims.EmailVerified] = user.EmailVerifiedAt is not null;
        }
        if (Granted(Scopes.Profile) && user.FullName is not null)
        {
            claims[Claims.Name] = user.FullName;
        }
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(claims);
    }

    /// <summary>OpenIddict answers with the RFC 6750 challenge (`WWW-Authenticate: Bearer error=...`).</summary>
    private static ChallengeHttpResult Challenge(string error, string description) =>
        TypedResults.Challenge(new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
