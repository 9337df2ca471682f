using McpGateway.Auth.Infrastructure;
using McpGateway.Auth.OAuth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace McpGateway.Auth.Apis;

/// <summary>
/// The UserInfo endpoint (OIDC Core §5.3): claims about the user an access token of ours belongs to, checked here
/// (signature, issuer, lifetime, revocation). Claims follow the token's scopes (`email`, `profile`); a token without a
/// scope (the gateway's own sign-in) sees them all. Errors are RFC 6750 challenges with problem details.
/// </summary>
public static class UserInfoApi
{
    public static async Task<Results<Ok<Dictionary<string, object>>, ProblemHttpResult>> GetUserInfoAsync(HttpContext context, AuthContext db,
        IssuedTokenValidator tokens, TokenRevoker revoker)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header["Bearer ".Length..].Trim() is not { Length: > 0 } token)
        {
            return Challenge(context, null, "Send an access token: Authorization: Bearer <token>.");
        }
        var jwt = await tokens.ValidateAsync(token, IssuedTokenKind.AccessToken, cancellationToken: context.RequestAborted);
        if (jwt is null)
        {
            return Challenge(context, OAuthErrors.InvalidToken, "The access token is invalid or expired.");
        }
        if (await revoker.IsRevokedAsync(jwt.Id, context.RequestAborted))
        {
            return Challenge(context, OAuthErrors.InvalidToken, "The access token has been revoked.");
        }
        if (!jwt.TryGetPayloadValue<string>("email", out var email) || string.IsNullOrEmpty(email))
        {
            return Challenge(context, OAuthErrors.InsufficientScope, "This access token belongs to a client, not a user.", StatusCodes.Status403Forbidden);
        }
        if (await db.Users.FindAsync([email], context.RequestAborted) is not { IsActive: true } user)
        {
            return Challenge(context, OAuthErrors.InvalidToken, "The account of this access token is no longer active.");
        }

        var scope = jwt.TryGetPayloadValue<string>("scope", out var value) ? value : null;
        bool Granted(string s) => scope is null || Scopes.Contains(scope, s);
        var claims = new Dictionary<string, object> { ["sub"] = jwt.Subject };
        if (Granted(Scopes.Email))
        {
            claims["email"] = user.Email;
            claims["email_verified"] = user.EmailVerifiedAt is not null;
        }
        if (Granted(Scopes.Profile) && user.FullName is not null)
        {
            claims["name"] = user.FullName;
        }
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(claims);
    }

    private static ProblemHttpResult Challenge(HttpContext context, string? error, string detail, int status = StatusCodes.Status401Unauthorized)
    {
        // RFC 6750 §3: no error code when no token was sent at all.
        context.Response.Headers.WWWAuthenticate = error is null
            ? "Bearer realm=\"mcpgateway\""
            : $"Bearer realm=\"mcpgateway\", error=\"{error}\", error_description=\"{detail}\"";
        return TypedResults.Problem(detail, statusCode: status, title: status == StatusCodes.Status403Forbidden ? "Forbidden" : "Unauthorized");
    }
}
