using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace McpGateway.Auth.OAuth.Server;

/// <summary>What the tokens OpenIddict issues look like where our contract differs from its defaults.</summary>
public static class TokenHandlers
{
    public static IEnumerable<OpenIddictServerHandlerDescriptor> Descriptors =>
        [NoEntryForClientCredentialsTokens.Descriptor, AccessTokenJtiIsEntryId.Descriptor, RefreshTokensForRefreshingClients.Descriptor,
            GrantedScopeInTokenResponse.Descriptor];

    /// <summary>
    /// A client_credentials access token gets no token entry: nothing chains to it (no code, no refresh token), so the
    /// entry would only cost a database write per token, and revoking one puts its `jti` on the deny-lists all the same
    /// (<see cref="ClientRequestHandlers.RevokeTokenWithoutEntry"/>).
    /// </summary>
    public sealed class NoEntryForClientCredentialsTokens : IOpenIddictServerHandler<GenerateTokenContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
            .UseSingletonHandler<NoEntryForClientCredentialsTokens>()
            .SetOrder(OpenIddictServerHandlers.Protection.CreateTokenEntry.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public ValueTask HandleAsync(GenerateTokenContext context)
        {
            if (context.TokenType == TokenTypeIdentifiers.AccessToken && context.Request?.IsClientCredentialsGrantType() == true)
            {
                context.CreateTokenEntry = false;
            }
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>
    /// An access token's `jti` is the id of its token entry, so revoking the entry (a replayed code, a reused refresh token,
    /// an RFC 7009 revocation) names the `jti` every service puts on its deny-list (<see cref="OAuthTokenManager"/>).
    /// </summary>
    public sealed class AccessTokenJtiIsEntryId : IOpenIddictServerHandler<GenerateTokenContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
            .UseSingletonHandler<AccessTokenJtiIsEntryId>()
            .SetOrder(OpenIddictServerHandlers.Protection.AttachTokenMetadata.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public ValueTask HandleAsync(GenerateTokenContext context)
        {
            if (context.TokenType == TokenTypeIdentifiers.AccessToken && context.Principal.GetTokenId() is { Length: > 0 } entryId
                && context.SecurityTokenDescriptor.Claims is { } claims)
            {
                claims[Claims.JwtId] = entryId;
            }
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>
    /// Which tokens a user grant hands out. A client registered for the refresh_token grant gets a refresh token every
    /// time, as before: MCP clients rarely ask for `offline_access`; a client not registered for it gets none, even with
    /// `offline_access`, since it could not use it. A refresh that narrows the scope to leave `openid` out gets no id_token.
    /// </summary>
    public sealed class RefreshTokensForRefreshingClients(IOpenIddictApplicationManager applications) : IOpenIddictServerHandler<ProcessSignInContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
            .UseScopedHandler<RefreshTokensForRefreshingClients>()
            .SetOrder(OpenIddictServerHandlers.EvaluateGeneratedTokens.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public async ValueTask HandleAsync(ProcessSignInContext context)
        {
            if (context.EndpointType != OpenIddictServerEndpointType.Token
                || !(context.Request.IsAuthorizationCodeGrantType() || context.Request.IsRefreshTokenGrantType())
                || context.ClientId is not { } clientId
                || await applications.FindByClientIdAsync(clientId, context.CancellationToken) is not { } application)
            {
                return;
            }
            var mayRefresh = await applications.HasPermissionAsync(application, Permissions.GrantTypes.RefreshToken, context.CancellationToken);
            context.GenerateRefreshToken = context.IncludeRefreshToken = mayRefresh;
            if (context.Request.IsRefreshTokenGrantType() && !string.IsNullOrEmpty(context.Request.Scope) && !context.Request.HasScope(Scopes.OpenId))
            {
                context.GenerateIdentityToken = context.IncludeIdentityToken = false;
            }
        }
    }

    /// <summary>
    /// The token response names the scope granted whenever one was, and never an empty one: OpenIddict leaves it out when it
    /// equals the request's, which RFC 6749 allows but clients reading `scope` after a narrowing refresh do not expect.
    /// `expires_in` is the access token's lifetime, not the seconds left after the time spent answering.
    /// </summary>
    public sealed class GrantedScopeInTokenResponse : IOpenIddictServerHandler<ProcessSignInContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
            .UseSingletonHandler<GrantedScopeInTokenResponse>()
            .SetOrder(OpenIddictServerHandlers.AttachSignInParameters.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public ValueTask HandleAsync(ProcessSignInContext context)
        {
            if (context.EndpointType == OpenIddictServerEndpointType.Token && context.AccessTokenPrincipal is { } principal)
            {
                context.Response.Scope = principal.GetScopes() is { Length: > 0 } scopes ? string.Join(' ', scopes) : null;
                if (principal.GetExpirationDate() - principal.GetCreationDate() is { } lifetime)
                {
                    context.Response.ExpiresIn = (long)Math.Round(lifetime.TotalSeconds);
                }
            }
            return ValueTask.CompletedTask;
        }
    }
}
