using McpGateway.Auth.Model;
using McpGateway.Auth.Security;

namespace McpGateway.Auth.OAuth;

/// <summary>
/// `grant_type=client_credentials` (RFC 6749 §4.4): a confidential client acting for itself, the token's subject.
/// User scopes (openid, offline_access) mean nothing without a user and are not granted; no refresh token.
/// </summary>
public sealed class ClientCredentialsGrant(TokenIssuer issuer, AuthSettings settings)
{
    private static readonly string[] UserOnlyScopes = [Scopes.OpenId, Scopes.OfflineAccess];

    public async Task<OAuthJsonResult> HandleAsync(OAuthClient client, OAuthParameters form, CancellationToken cancellationToken)
    {
        if (client.ClientSecretHash is null)
        {
            return OAuthJsonResult.Error(OAuthErrors.UnauthorizedClient, "client_credentials is for confidential clients; a public client cannot authenticate.");
        }
        if (!client.GrantTypes.Contains(GrantTypes.ClientCredentials))
        {
            return OAuthJsonResult.Error(OAuthErrors.UnauthorizedClient, "This client is not registered for the client_credentials grant.");
        }
        var resources = form.All("resource");
        if (resources.Count > 1 || resources is [var target] && !AuthorizationRequestValidator.IsValidResource(target))
        {
            return OAuthJsonResult.Error(OAuthErrors.InvalidTarget, "resource must be one absolute URI without a fragment (RFC 8707).");
        }
        var scope = Scopes.Join(Scopes.Parse(AuthorizationRequestValidator.GrantableScope(client, form["scope"])).Except(UserOnlyScopes));
        var token = await issuer.IssueClientTokenAsync(client.ClientId, scope, resources.FirstOrDefault(), cancellationToken);
        return new OAuthJsonResult(StatusCodes.Status200OK, new Dictionary<string, object?>
        {
            ["access_token"] = token.Token,
            ["token_type"] = "Bearer",
            ["expires_in"] = (long)settings.AccessTokenLifetime.TotalSeconds,
            ["scope"] = scope,
        });
    }
}
