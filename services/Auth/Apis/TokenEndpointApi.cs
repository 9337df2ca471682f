using Microsoft.AspNetCore;
using McpGateway.Auth.Infrastructure;
using McpGateway.Auth.OAuth;
using McpGateway.Auth.OAuth.Clients;
using McpGateway.Auth.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace McpGateway.Auth.Apis;

/// <summary>
/// The token endpoint (RFC 6749 §3.2) once OpenIddict has authenticated the client and validated the grant: the code with
/// its PKCE verifier and redirect_uri, or the refresh token (rotated; a reuse has already revoked its grant), or the
/// client's own credentials. What is left is ours to decide: whether the user may still have tokens, and what they say.
/// </summary>
public static class TokenEndpointApi
{
    public static async Task<Results<SignInHttpResult, ForbidHttpResult>> ExchangeAsync(HttpContext context, AuthContext db,
        IOpenIddictApplicationManager applications, IOpenIddictTokenManager tokens, AuthSettings settings)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("OpenIddict passed on no token request.");
        var cancel = context.RequestAborted;
        if (request.IsClientCredentialsGrantType())
        {
            var client = await applications.FindByClientIdAsync(request.ClientId!, cancel) ?? throw new InvalidOperationException("Unknown client.");
            var principal = OAuthPrincipals.ForClient(request.ClientId!);
            // openid and offline_access mean nothing without a user and are not granted; no refresh token either.
            var scopes = await ClientApplications.GrantableScopesAsync(applications, client, request.GetScopes(), cancel);
            principal.SetScopes(scopes.Except(OAuthScopes.UserOnly));
            principal.SetResources(OAuthPrincipals.Audience(request.GetResources().FirstOrDefault(), settings.Audience));
            return TypedResults.SignIn(principal, properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        // authorization_code or refresh_token: the grant's principal, as OpenIddict validated it.
        var granted = (await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal
            ?? throw new InvalidOperationException("OpenIddict validated a grant without a principal.");
        var requestedResources = request.GetResources();
        if (requestedResources.Length > 0 && !requestedResources.All(granted.GetResources().Contains))
        {
            return Refuse(Errors.InvalidTarget, "A token request may only name the resource its grant was for.");
        }
        var email = granted.GetClaim(Claims.Subject);
        if (email is null || await db.Users.FindAsync([email], cancel) is not { IsActive: true } user)
        {
            // The account was disabled or deleted since: nothing issued under this grant may stay usable.
            if (granted.GetAuthorizationId() is { Length: > 0 } authorizationId)
            {
                await tokens.RevokeByAuthorizationIdAsync(authorizationId, cancel);
            }
            return Refuse(Errors.InvalidGrant, "The account this grant belongs to is no longer active.");
        }
        // The user's claims as they are now (an administrator may have been demoted); OpenIddict restores the grant's
        // scopes, resources, nonce and authorization from the code or refresh token.
        var authTime = granted.GetClaim(Claims.AuthenticationTime) is { } seconds && long.TryParse(seconds, out var unix)
            ? DateTimeOffset.FromUnixTimeSeconds(unix)
            : DateTimeOffset.UtcNow;
        return TypedResults.SignIn(OAuthPrincipals.ForUser(user, authTime), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static ForbidHttpResult Refuse(string error, string description) =>
        TypedResults.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
