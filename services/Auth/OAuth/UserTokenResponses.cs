using McpGateway.Auth.Model;
using McpGateway.Auth.Security;

namespace McpGateway.Auth.OAuth;

/// <summary>What a user grant (code or refresh) hands out, and what must be remembered about it.</summary>
public sealed record UserGrant(OAuthClient Client, EmailUser User, string FamilyId, string? Scope, string? GrantedScope, string? Resource,
    string? Nonce, DateTime? AuthTime);

/// <summary>
/// Builds the token response of a user grant (RFC 6749 §5.1, OIDC Core §3.1.3.3): an access token whose audience is
/// the RFC 8707 resource if one was named, an id_token when `openid` was granted, and a rotated refresh token when the
/// client may refresh (`offline_access`, or the refresh_token grant).
/// </summary>
public sealed class UserTokenResponses(TokenIssuer issuer, RefreshTokenStore refreshTokens, AuthSettings settings)
{
    public static bool MayRefresh(OAuthClient client, string? grantedScope) =>
        client.GrantTypes.Contains(GrantTypes.RefreshToken) || Scopes.Contains(grantedScope, Scopes.OfflineAccess);

    /// <param name="grant">`Scope` is what the refresh token keeps; `GrantedScope` what this access token gets (a narrowing of it).</param>
    public async Task<(OAuthJsonResult Response, IssuedToken AccessToken)> IssueAsync(UserGrant grant, CancellationToken cancellationToken)
    {
        var user = grant.User;
        var accessToken = await issuer.IssueAccessTokenAsync(user.Email, user.IsAdmin, grant.GrantedScope, grant.Client.ClientId, grant.Resource, cancellationToken);
        var body = new Dictionary<string, object?>
        {
            ["access_token"] = accessToken.Token,
            ["token_type"] = "Bearer",
            ["expires_in"] = (long)settings.AccessTokenLifetime.TotalSeconds,
            ["scope"] = grant.GrantedScope ?? "",
        };
        if (Scopes.Contains(grant.GrantedScope, Scopes.OpenId))
        {
            var idToken = await issuer.IssueIdTokenAsync(user.Email, user.FullName, grant.Client.ClientId, grant.Nonce,
                grant.AuthTime ?? DateTime.UtcNow, cancellationToken);
            body["id_token"] = idToken.Token;
        }
        if (MayRefresh(grant.Client, grant.Scope))
        {
            body["refresh_token"] = await refreshTokens.IssueAsync(grant.FamilyId, grant.Client.ClientId, user.Email, grant.Scope, grant.Resource,
                grant.AuthTime, accessToken, cancellationToken);
        }
        return (new OAuthJsonResult(StatusCodes.Status200OK, body), accessToken);
    }
}
