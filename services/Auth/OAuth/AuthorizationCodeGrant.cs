using McpGateway.Auth.Infrastructure;
using McpGateway.Auth.Model;

namespace McpGateway.Auth.OAuth;

/// <summary>
/// `grant_type=authorization_code` (RFC 6749 §4.1.3, RFC 7636 §4.5-4.6). The code is consumed before anything else is
/// checked, so a failed attempt burns it too. A code presented again is a replay: refused, and every token issued from
/// it revoked (RFC 6749 §4.1.2).
/// </summary>
public sealed class AuthorizationCodeGrant(AuthContext db, AuthorizationCodeStore codes, UserTokenResponses responses, TokenRevoker revoker)
{
    public async Task<OAuthJsonResult> HandleAsync(OAuthClient client, OAuthParameters form, CancellationToken cancellationToken)
    {
        if (!client.GrantTypes.Contains(GrantTypes.AuthorizationCode))
        {
            return OAuthJsonResult.Error(OAuthErrors.UnauthorizedClient, "This client is not registered for the authorization_code grant.");
        }
        if (form["code"] is not { } presented)
        {
            return OAuthJsonResult.Error(OAuthErrors.InvalidRequest, "code is required.");
        }
        if (form["code_verifier"] is not { } verifier)
        {
            return OAuthJsonResult.Error(OAuthErrors.InvalidRequest, "code_verifier is required: every code is bound to a PKCE challenge.");
        }

        var redemption = await codes.RedeemAsync(presented, cancellationToken);
        if (redemption.Replayed)
        {
            await revoker.RevokeFamilyAsync(OpaqueTokens.Hash(presented), "authorization code replayed", cancellationToken);
            return OAuthJsonResult.Error(OAuthErrors.InvalidGrant, "The authorization code was already used; the tokens issued from it are revoked.");
        }
        if (redemption.Code is not { } code)
        {
            return OAuthJsonResult.Error(OAuthErrors.InvalidGrant, "The authorization code is unknown or expired.");
        }
        if (code.ClientId != client.ClientId)
        {
            return OAuthJsonResult.Error(OAuthErrors.InvalidGrant, "The authorization code was issued to another client.");
        }
        var redirectUri = form["redirect_uri"];
        if (redirectUri is null ? code.RedirectUriSupplied : redirectUri != code.RedirectUri)
        {
            return OAuthJsonResult.Error(OAuthErrors.InvalidGrant, "redirect_uri must be the one of the authorization request.");
        }
        if (!Pkce.Verify(verifier, code.CodeChallenge))
        {
            return OAuthJsonResult.Error(OAuthErrors.InvalidGrant, "code_verifier does not match the code_challenge (PKCE S256).");
        }
        if (await db.Users.FindAsync([code.UserEmail], cancellationToken) is not { IsActive: true } user)
        {
            return OAuthJsonResult.Error(OAuthErrors.InvalidGrant, "The account that authorized this code is no longer active.");
        }

        var grant = new UserGrant(client, user, code.CodeHash, code.Scope, code.Scope, code.Resource, code.Nonce, code.AuthTime);
        var (response, accessToken) = await responses.IssueAsync(grant, cancellationToken);
        await codes.RecordAccessTokenAsync(code, accessToken.Jti, accessToken.ExpiresAt, cancellationToken);
        return response;
    }
}
