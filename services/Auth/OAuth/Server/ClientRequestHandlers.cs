using Microsoft.AspNetCore;
using McpGateway.Auth.OAuth.Clients;
using McpGateway.Auth.Tokens;
using McpGateway.ServiceDefaults.Authentication;
using Microsoft.Net.Http.Headers;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace McpGateway.Auth.OAuth.Server;

/// <summary>
/// Rules of ours for what clients send to the token, revocation, introspection and end-session endpoints.
/// </summary>
public static class ClientRequestHandlers
{
    public static IEnumerable<OpenIddictServerHandlerDescriptor> Descriptors =>
    [
        UseRegisteredAuthMethod.Descriptor,
        ClientCredentialsNeedAuthentication.Descriptor,
        RefreshMayOnlyNarrowScope.Descriptor,
        IntrospectionIsForConfidentialClients.Descriptor,
        IntrospectionAuthorizedParty.Descriptor,
        IntrospectionClaims.Descriptor,
        RevokedTokensAreInactive.Descriptor,
        RevokeTokenWithoutEntry.Descriptor,
        RevokeRefreshTokenFamily.Descriptor,
        PostLogoutRedirectNeedsClient.Descriptor,
    ];

    /// <summary>A confidential client authenticates the way it registered (`client_secret_basic` or `client_secret_post`), not another.</summary>
    public sealed class UseRegisteredAuthMethod(IOpenIddictApplicationManager applications) : IOpenIddictServerHandler<ProcessAuthenticationContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
            .UseScopedHandler<UseRegisteredAuthMethod>()
            .SetOrder(OpenIddictServerHandlers.ValidateClientSecret.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public async ValueTask HandleAsync(ProcessAuthenticationContext context)
        {
            if (string.IsNullOrEmpty(context.ClientSecret) || context.ClientId is not { } clientId
                || await applications.FindByClientIdAsync(clientId, context.CancellationToken) is not { } application
                || await ClientApplications.GetStringPropertyAsync(applications, application, ClientApplications.AuthMethodProperty, context.CancellationToken) is not { } registered)
            {
                return;
            }
            var header = context.Transaction.GetHttpRequest()?.Headers[HeaderNames.Authorization].ToString() ?? "";
            var used = header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) ? ClientAuthenticationMethods.ClientSecretBasic : ClientAuthenticationMethods.ClientSecretPost;
            if (used != registered)
            {
                context.Reject(Errors.InvalidClient, "Client authentication failed: this client registered another token_endpoint_auth_method.");
            }
        }
    }

    /// <summary>
    /// `client_credentials` without credentials is a client that failed to authenticate (RFC 6749 §5.2 `invalid_client`), or,
    /// for a public client, one that may not use the grant (`unauthorized_client`), rather than a malformed request.
    /// </summary>
    public sealed class ClientCredentialsNeedAuthentication(IOpenIddictApplicationManager applications) : IOpenIddictServerHandler<ValidateTokenRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenRequestContext>()
            .UseScopedHandler<ClientCredentialsNeedAuthentication>()
            .SetOrder(OpenIddictServerHandlers.Exchange.ValidateClientCredentialsParameters.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public async ValueTask HandleAsync(ValidateTokenRequestContext context)
        {
            var request = context.Request;
            if (!request.IsClientCredentialsGrantType() || !string.IsNullOrEmpty(request.ClientSecret) || !string.IsNullOrEmpty(request.ClientAssertion))
            {
                return;
            }
            var client = request.ClientId is { Length: > 0 } clientId ? await applications.FindByClientIdAsync(clientId, context.CancellationToken) : null;
            if (client is not null && await applications.HasClientTypeAsync(client, ClientTypes.Public, context.CancellationToken))
            {
                context.Reject(Errors.UnauthorizedClient, "client_credentials is for confidential clients; a public client cannot authenticate.");
            }
            else
            {
                context.Reject(Errors.InvalidClient, "Client authentication failed: client_credentials needs the client's secret.");
            }
        }
    }

    /// <summary>RFC 6749 §6: a refresh may narrow the scope, never widen it; asking for more is `invalid_scope` (§5.2).</summary>
    public sealed class RefreshMayOnlyNarrowScope : IOpenIddictServerHandler<ValidateTokenRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenRequestContext>()
            .UseSingletonHandler<RefreshMayOnlyNarrowScope>()
            .SetOrder(OpenIddictServerHandlers.Exchange.ValidateGrantedScopes.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public ValueTask HandleAsync(ValidateTokenRequestContext context)
        {
            if (context.Request.IsRefreshTokenGrantType() && !string.IsNullOrEmpty(context.Request.Scope) && context.RefreshTokenPrincipal is { } principal
                && context.Request.GetScopes().FirstOrDefault(scope => !principal.HasScope(scope)) is { } wider)
            {
                context.Reject(Errors.InvalidScope, $"The scope may only narrow on refresh; '{Security.InputText.Echo(wider)}' was not granted.");
            }
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Introspection tells about other parties' tokens, so only clients that hold a secret may use it.</summary>
    public sealed class IntrospectionIsForConfidentialClients(IOpenIddictApplicationManager applications) : IOpenIddictServerHandler<ValidateIntrospectionRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateIntrospectionRequestContext>()
            .UseScopedHandler<IntrospectionIsForConfidentialClients>()
            .SetOrder(OpenIddictServerHandlers.Introspection.ValidateAuthentication.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public async ValueTask HandleAsync(ValidateIntrospectionRequestContext context)
        {
            if (context.ClientId is not { } clientId || await applications.FindByClientIdAsync(clientId, context.CancellationToken) is not { } application
                || await applications.HasClientTypeAsync(application, ClientTypes.Public, context.CancellationToken))
            {
                context.Reject(Errors.InvalidClient, "Introspection is for confidential clients, which authenticate with a secret.");
            }
        }
    }

    /// <summary>
    /// Replaces OpenIddict's check: any confidential client (a resource server) may introspect our access tokens, whose
    /// audience is the whole gateway API; a refresh token only to the client it was issued to.
    /// </summary>
    public sealed class IntrospectionAuthorizedParty : IOpenIddictServerHandler<ValidateIntrospectionRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateIntrospectionRequestContext>()
            .UseSingletonHandler<IntrospectionAuthorizedParty>()
            .SetOrder(OpenIddictServerHandlers.Introspection.ValidateAuthorizedParty.Descriptor.Order)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public ValueTask HandleAsync(ValidateIntrospectionRequestContext context)
        {
            if (context.GenericTokenPrincipal is { } principal && principal.HasTokenType(TokenTypeIdentifiers.RefreshToken)
                && principal.HasClaim(Claims.Private.Presenter) && !principal.HasPresenter(context.ClientId!))
            {
                context.Reject(Errors.InvalidToken, "The refresh token was issued to another client.");
            }
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>An active answer names the user (`username`, our `sub` is the email) and the scope, for access and refresh tokens alike.</summary>
    public sealed class IntrospectionClaims : IOpenIddictServerHandler<HandleIntrospectionRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<HandleIntrospectionRequestContext>()
            .UseSingletonHandler<IntrospectionClaims>()
            .SetOrder(OpenIddictServerHandlers.Introspection.AttachApplicationClaims.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public ValueTask HandleAsync(HandleIntrospectionRequestContext context)
        {
            var principal = context.GenericTokenPrincipal;
            if (principal.GetClaim(Claims.Email) is { Length: > 0 } email)
            {
                context.Username = email;
            }
            context.Scopes.UnionWith(principal.GetScopes());
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>An access token whose `jti` is on the deny-list is inactive, entry or not.</summary>
    public sealed class RevokedTokensAreInactive(TokenDenyList denyList) : IOpenIddictServerHandler<ValidateIntrospectionRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateIntrospectionRequestContext>()
            .UseSingletonHandler<RevokedTokensAreInactive>()
            .SetOrder(OpenIddictServerHandlers.Introspection.ValidateAuthorizedParty.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public ValueTask HandleAsync(ValidateIntrospectionRequestContext context)
        {
            if (context.GenericTokenPrincipal?.GetClaim(Claims.JwtId) is { } jti && denyList.IsRevoked(jti))
            {
                context.Reject(Errors.InvalidToken, "The token has been revoked.");
            }
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>
    /// RFC 7009 for an access token that has no entry (client_credentials, see
    /// <see cref="TokenHandlers.NoEntryForClientCredentialsTokens"/>): its `jti` goes on every service's deny-list, and the
    /// answer is the 200 RFC 7009 asks for.
    /// </summary>
    public sealed class RevokeTokenWithoutEntry(AccessTokenRevocations revocations) : IOpenIddictServerHandler<HandleRevocationRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<HandleRevocationRequestContext>()
            .UseScopedHandler<RevokeTokenWithoutEntry>()
            .SetOrder(OpenIddictServerHandlers.Revocation.RevokeToken.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public async ValueTask HandleAsync(HandleRevocationRequestContext context)
        {
            var principal = context.GenericTokenPrincipal;
            if (principal is null || !principal.HasTokenType(TokenTypeIdentifiers.AccessToken) || principal.GetTokenId() is { Length: > 0 }
                || principal.GetClaim(Claims.JwtId) is not { } jti || principal.GetExpirationDate() is not { } expires)
            {
                return;
            }
            await revocations.RevokeAsync([new RevokedAccessToken(jti, expires.UtcDateTime, UserEmail: null)], "revoked by its client", context.Request.ClientId,
                context.CancellationToken);
            if (context.Transaction.GetHttpRequest()?.HttpContext.Response is { } response)
            {
                response.Headers.CacheControl = "no-store";
            }
            context.HandleRequest();
        }
    }

    /// <summary>
    /// RFC 7009 §2.1: revoking a refresh token ends its whole grant, the other refresh tokens rotated from the same code and
    /// the access tokens issued with them.
    /// </summary>
    public sealed class RevokeRefreshTokenFamily(IOpenIddictTokenManager tokens) : IOpenIddictServerHandler<HandleRevocationRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<HandleRevocationRequestContext>()
            .UseScopedHandler<RevokeRefreshTokenFamily>()
            .SetOrder(OpenIddictServerHandlers.Revocation.RevokeToken.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public async ValueTask HandleAsync(HandleRevocationRequestContext context)
        {
            if (!context.IsRejected && context.GenericTokenPrincipal is { } principal && principal.HasTokenType(TokenTypeIdentifiers.RefreshToken)
                && principal.GetAuthorizationId() is { Length: > 0 } authorizationId)
            {
                await tokens.RevokeByAuthorizationIdAsync(authorizationId, context.CancellationToken);
            }
        }
    }

    /// <summary>
    /// RP-Initiated Logout §2: a post_logout_redirect_uri comes with client_id or id_token_hint, so the address is checked
    /// against one client's registration, never against any client's.
    /// </summary>
    public sealed class PostLogoutRedirectNeedsClient : IOpenIddictServerHandler<ValidateEndSessionRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateEndSessionRequestContext>()
            .UseSingletonHandler<PostLogoutRedirectNeedsClient>()
            .SetOrder(OpenIddictServerHandlers.Session.ValidatePostLogoutRedirectUriParameter.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public ValueTask HandleAsync(ValidateEndSessionRequestContext context)
        {
            if (!string.IsNullOrEmpty(context.Request.PostLogoutRedirectUri) && string.IsNullOrEmpty(context.Request.ClientId)
                && string.IsNullOrEmpty(context.Request.IdTokenHint))
            {
                context.Reject(Errors.InvalidRequest, "post_logout_redirect_uri needs client_id or id_token_hint to say whose address it is.");
            }
            return ValueTask.CompletedTask;
        }
    }
}
