using McpGateway.Auth.Model;
using McpGateway.Auth.OAuth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace McpGateway.Auth.Apis;

/// <summary>What the machine-facing endpoints need first: the rate limit and client authentication.</summary>
public sealed record TokenEndpointServices(ClientAuthenticator Clients, OAuthRateLimits RateLimits, IServiceProvider Services);

/// <summary>
/// The token endpoint (RFC 6749 §3.2), revocation (RFC 7009) and introspection (RFC 7662): rate-limited form posts from
/// authenticated clients, answered with RFC 6749 §5.2 errors and never cached.
/// </summary>
public static class TokenEndpointApi
{
    public static async Task<OAuthJsonResult> TokenAsync(HttpContext context, [AsParameters] TokenEndpointServices services)
    {
        var (client, form, error) = await BeginAsync(context, services);
        if (error is not null)
        {
            return error;
        }
        var cancel = context.RequestAborted;
        return form["grant_type"] switch
        {
            null => OAuthJsonResult.Error(OAuthErrors.InvalidRequest, "grant_type is required."),
            GrantTypes.AuthorizationCode => await services.Services.GetRequiredService<AuthorizationCodeGrant>().HandleAsync(client, form, cancel),
            GrantTypes.RefreshToken => await services.Services.GetRequiredService<RefreshTokenGrant>().HandleAsync(client, form, cancel),
            GrantTypes.ClientCredentials => await services.Services.GetRequiredService<ClientCredentialsGrant>().HandleAsync(client, form, cancel),
            var other => OAuthJsonResult.Error(OAuthErrors.UnsupportedGrantType, $"grant_type '{other}' is not supported here."),
        };
    }

    /// <summary>
    /// RFC 7009: a refresh token revokes its whole family (and the access tokens issued with it); an access token is
    /// deny-listed everywhere. Unknown tokens, and tokens of other clients, are answered 200 all the same (§2.2), so the
    /// endpoint tells nobody whether a token exists.
    /// </summary>
    public static async Task<Results<Ok, OAuthJsonResult>> RevokeAsync(HttpContext context, [AsParameters] TokenEndpointServices services,
        IssuedTokenValidator tokens, TokenRevoker revoker, RefreshTokenStore refreshTokens)
    {
        var (client, form, error) = await BeginAsync(context, services);
        if (error is not null)
        {
            return error;
        }
        if (form["token"] is not { } token)
        {
            return OAuthJsonResult.Error(OAuthErrors.InvalidRequest, "token is required.");
        }
        var cancel = context.RequestAborted;
        if (LooksLikeJwt(token))
        {
            if (await tokens.ValidateAsync(token, IssuedTokenKind.AccessToken, cancellationToken: cancel) is { } jwt && ClientOf(jwt) == client.ClientId)
            {
                await revoker.RevokeAccessTokensAsync([new RevokedAccessToken(jwt.Id, jwt.ValidTo)], "revoked by its client", client.ClientId, cancel);
            }
        }
        else if (await refreshTokens.FindAsync(token, cancel) is { RevokedAt: null } refresh && refresh.ClientId == client.ClientId)
        {
            await revoker.RevokeFamilyAsync(refresh.FamilyId, "revoked by its client", cancel);
        }
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok();
    }

    /// <summary>
    /// RFC 7662, for confidential clients (resource servers): `active` and the token's claims, or only `active: false`
    /// for anything expired, revoked, consumed, unknown, or a refresh token of another client.
    /// </summary>
    public static async Task<OAuthJsonResult> IntrospectAsync(HttpContext context, [AsParameters] TokenEndpointServices services,
        IssuedTokenValidator tokens, TokenRevoker revoker, RefreshTokenStore refreshTokens, Security.AuthSettings settings)
    {
        var (client, form, error) = await BeginAsync(context, services);
        if (error is not null)
        {
            return error;
        }
        if (client.ClientSecretHash is null)
        {
            return OAuthJsonResult.InvalidClient("Introspection is for confidential clients, which authenticate with a secret.", triedBasic: false);
        }
        if (form["token"] is not { } token)
        {
            return OAuthJsonResult.Error(OAuthErrors.InvalidRequest, "token is required.");
        }
        var cancel = context.RequestAborted;
        var inactive = new OAuthJsonResult(StatusCodes.Status200OK, new Dictionary<string, object?> { ["active"] = false });
        if (LooksLikeJwt(token))
        {
            if (await tokens.ValidateAsync(token, IssuedTokenKind.AccessOrApiToken, cancellationToken: cancel) is not { } jwt
                || await revoker.IsRevokedAsync(jwt.Id, cancel))
            {
                return inactive;
            }
            var audiences = jwt.Audiences.ToList();
            return new OAuthJsonResult(StatusCodes.Status200OK, new Dictionary<string, object?>
            {
                ["active"] = true,
                ["scope"] = jwt.TryGetPayloadValue<string>("scope", out var scope) ? scope : null,
                ["client_id"] = ClientOf(jwt),
                ["username"] = jwt.TryGetPayloadValue<string>("email", out var email) ? email : null,
                ["token_type"] = "Bearer",
                ["exp"] = EpochTime.GetIntDate(jwt.ValidTo),
                ["iat"] = EpochTime.GetIntDate(jwt.IssuedAt),
                ["nbf"] = EpochTime.GetIntDate(jwt.ValidFrom),
                ["sub"] = jwt.Subject,
                ["aud"] = audiences.Count == 1 ? audiences[0] : audiences,
                ["iss"] = jwt.Issuer,
                ["jti"] = jwt.Id,
            });
        }
        if (await refreshTokens.FindAsync(token, cancel) is not { } refresh || !refreshTokens.IsLive(refresh) || refresh.ClientId != client.ClientId)
        {
            return inactive;
        }
        return new OAuthJsonResult(StatusCodes.Status200OK, new Dictionary<string, object?>
        {
            ["active"] = true,
            ["scope"] = refresh.Scope,
            ["client_id"] = refresh.ClientId,
            ["username"] = refresh.UserEmail,
            ["token_type"] = "refresh_token",
            ["exp"] = EpochTime.GetIntDate(refresh.ExpiresAt),
            ["iat"] = EpochTime.GetIntDate(refresh.CreatedAt),
            ["sub"] = refresh.UserEmail,
            ["iss"] = settings.Issuer,
        });
    }

    /// <summary>The common start: the rate limit, a form body without repeated parameters, an authenticated client.</summary>
    private static async Task<(OAuthClient Client, OAuthParameters Form, OAuthJsonResult? Error)> BeginAsync(HttpContext context, TokenEndpointServices services)
    {
        if (!services.RateLimits.TryAcquire(OAuthRateLimits.Policy.Token, context, out var retryAfter))
        {
            return (null!, null!, OAuthJsonResult.RateLimited(retryAfter));
        }
        if (await OAuthParameters.ReadFormAsync(context.Request, context.RequestAborted) is not { } form)
        {
            return (null!, null!, OAuthJsonResult.Error(OAuthErrors.InvalidRequest, "Send the request as application/x-www-form-urlencoded."));
        }
        if (form.Repeated("resource") is { } repeated)
        {
            return (null!, null!, OAuthJsonResult.Error(OAuthErrors.InvalidRequest, $"The parameter {repeated} is given more than once."));
        }
        var authentication = await services.Clients.AuthenticateAsync(context.Request, form, context.RequestAborted);
        return (authentication.Client!, form, authentication.Error);
    }

    /// <summary>Our refresh tokens are base64url and never hold a dot; our JWTs always do.</summary>
    private static bool LooksLikeJwt(string token) => token.Contains('.', StringComparison.Ordinal);

    private static string? ClientOf(JsonWebToken jwt) => jwt.TryGetPayloadValue<string>("client_id", out var clientId) ? clientId : null;
}
