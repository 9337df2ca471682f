using McpGateway.Auth.Infrastructure;
using McpGateway.Auth.Model;

namespace McpGateway.Auth.OAuth;

/// <summary>
/// `grant_type=refresh_token` (RFC 6749 §6) with rotation (OAuth 2.1 §4.3.1): the presented token is consumed and a
/// new one of the same family returned. A consumed token presented again was copied, by someone: the whole family is
/// revoked, so neither the thief nor the victim keeps a live token. The scope may only narrow; the new refresh token
/// keeps the original scope.
/// </summary>
public sealed class RefreshTokenGrant(AuthContext db, RefreshTokenStore refreshTokens, UserTokenResponses responses, TokenRevoker revoker)
{
    public async Task<OAuthJsonResult> HandleAsync(OAuthClient client, OAuthParameters form, CancellationToken cancellationToken)
    {
        if (form["refresh_token"] is not { } presented)
        {
            return OAuthJsonResult.Error(OAuthErrors.InvalidRequest, "refresh_token is required.");
        }
        if (await refreshTokens.FindAsync(presented, cancellationToken) is not { } token)
        {
            return OAuthJsonResult.Error(OAuthErrors.InvalidGrant, "The refresh token is unknown.");
        }
        if (token.ClientId != client.ClientId)
        {
            await revoker.RevokeFamilyAsync(token.FamilyId, "refresh token presented by another client", cancellationToken);
            return OAuthJsonResult.Error(OAuthErrors.InvalidGrant, "The refresh token was issued to another client.");
        }
        if (!UserTokenResponses.MayRefresh(client, token.Scope))
        {
            return OAuthJsonResult.Error(OAuthErrors.UnauthorizedClient, "This client is not registered for the refresh_token grant and the token lacks offline_access.");
        }
        var granted = token.Scope;
        if (form["scope"] is { } requested)
        {
            var original = Scopes.Parse(token.Scope);
            if (Scopes.Parse(requested).FirstOrDefault(s => !original.Contains(s)) is { } wider)
            {
                return OAuthJsonResult.Error(OAuthErrors.InvalidScope, $"The scope may only narrow on refresh; '{wider}' was not granted.");
            }
            granted = Scopes.Join(Scopes.Parse(requested));
        }
        var resources = form.All("resource");
        if (resources.Count > 1 || resources is [var resource] && resource != token.Resource)
        {
            return OAuthJsonResult.Error(OAuthErrors.InvalidTarget, "A refresh may only name the resource the grant was for.");
        }

        if (!await refreshTokens.ConsumeAsync(token, cancellationToken))
        {
            if (token.RevokedAt is null && token.ConsumedAt is not null || refreshTokens.IsLive(token))
            {
                // Consumed before (or a concurrent request just consumed it): a copy is in use somewhere.
                await revoker.RevokeFamilyAsync(token.FamilyId, "refresh token reused", cancellationToken);
                return OAuthJsonResult.Error(OAuthErrors.InvalidGrant, "The refresh token was already used; every token of its grant is now revoked.");
            }
            return OAuthJsonResult.Error(OAuthErrors.InvalidGrant, token.RevokedAt is not null ? "The refresh token is revoked." : "The refresh token has expired.");
        }
        if (await db.Users.FindAsync([token.UserEmail], cancellationToken) is not { IsActive: true } user)
        {
            await revoker.RevokeFamilyAsync(token.FamilyId, "account no longer active", cancellationToken);
            return OAuthJsonResult.Error(OAuthErrors.InvalidGrant, "The account this refresh token belongs to is no longer active.");
        }

        // OIDC Core §12.2: an id_token on refresh keeps the original auth_time and carries no nonce.
        var grant = new UserGrant(client, user, token.FamilyId, token.Scope, granted, token.Resource, Nonce: null, token.AuthTime);
        return (await responses.IssueAsync(grant, cancellationToken)).Response;
    }
}
