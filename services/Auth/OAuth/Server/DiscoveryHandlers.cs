using Microsoft.AspNetCore;
using McpGateway.Auth.OAuth.Clients;
using McpGateway.Auth.Security;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace McpGateway.Auth.OAuth.Server;

/// <summary>
/// The discovery documents (OIDC Discovery, RFC 8414) say exactly what this provider does, which is narrower than what
/// OpenIddict can do, and add what MCP clients look for: dynamic registration (RFC 7591) and Client ID Metadata Documents.
/// Discovery and the JWKS may be cached; the userinfo and introspection answers, which describe a user, may not.
/// </summary>
public static class DiscoveryHandlers
{
    public static IEnumerable<OpenIddictServerHandlerDescriptor> Descriptors =>
    [
        DescribeProvider.Descriptor,
        CacheFor<ApplyConfigurationResponseContext>.Descriptor,
        CacheFor<ApplyJsonWebKeySetResponseContext>.Descriptor,
        NeverCache<ApplyUserInfoResponseContext>.Descriptor,
        NeverCache<ApplyIntrospectionResponseContext>.Descriptor,
    ];

    public sealed class DescribeProvider(AuthSettings settings, ClientMetadataDocumentSettings documents) : IOpenIddictServerHandler<HandleConfigurationRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<HandleConfigurationRequestContext>()
            .UseSingletonHandler<DescribeProvider>()
            .SetOrder(int.MaxValue)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public ValueTask HandleAsync(HandleConfigurationRequestContext context)
        {
            // Every URL below the issuer as configured (OpenIddict's own joining would drop a port from an issuer that has no path).
            context.AuthorizationEndpoint = Url(OAuthPaths.Authorize);
            context.TokenEndpoint = Url(OAuthPaths.Token);
            context.UserInfoEndpoint = Url(OAuthPaths.UserInfo);
            context.JsonWebKeySetEndpoint = Url(OAuthPaths.Jwks);
            context.RevocationEndpoint = Url(OAuthPaths.Revoke);
            context.IntrospectionEndpoint = Url(OAuthPaths.Introspect);
            context.EndSessionEndpoint = Url(OAuthPaths.Logout);
            Replace(context.Scopes, OAuthScopes.Supported);
            Replace(context.ResponseTypes, [ResponseTypes.Code]);
            Replace(context.ResponseModes, [ResponseModes.Query]);
            Replace(context.GrantTypes, [GrantTypes.AuthorizationCode, GrantTypes.RefreshToken, GrantTypes.ClientCredentials]);
            Replace(context.CodeChallengeMethods, [CodeChallengeMethods.Sha256]);
            Replace(context.TokenEndpointAuthenticationMethods, OAuthClientAuthentication.Methods);
            Replace(context.RevocationEndpointAuthenticationMethods, OAuthClientAuthentication.Methods);
            Replace(context.IntrospectionEndpointAuthenticationMethods, OAuthClientAuthentication.SecretMethods);
            Replace(context.SubjectTypes, [SubjectTypes.Public]);
            Replace(context.IdTokenSigningAlgorithms, [settings.Algorithm]);
            Replace(context.PromptValues, [PromptValues.None, PromptValues.Login, PromptValues.Consent]);
            Replace(context.Claims, [Claims.Issuer, Claims.Subject, Claims.Audience, Claims.ExpiresAt, Claims.IssuedAt, Claims.AuthenticationTime,
                Claims.Nonce, Claims.Email, Claims.EmailVerified, Claims.Name]);
            context.Metadata["registration_endpoint"] = Url(OAuthPaths.Register).AbsoluteUri;
            context.Metadata["client_id_metadata_document_supported"] = documents.Enabled;
            // OIDC Discovery's default is true: say plainly that request_uri is not supported.
            context.Metadata[Metadata.RequestUriParameterSupported] = false;
            return ValueTask.CompletedTask;
        }

        private Uri Url(string path) => new(settings.Issuer.TrimEnd('/') + path);

        private static void Replace(HashSet<string> set, IEnumerable<string> values)
        {
            set.Clear();
            set.UnionWith(values);
        }
    }

    /// <summary>
    /// Discovery and the JWKS may be cached for five minutes: a new key is published an hour before it signs, so no cache
    /// ever hides a key a token carries.
    /// </summary>
    public sealed class CacheFor<TContext> : IOpenIddictServerHandler<TContext> where TContext : BaseRequestContext
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<TContext>()
            .UseSingletonHandler<CacheFor<TContext>>()
            .SetOrder(int.MinValue + 100_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public ValueTask HandleAsync(TContext context)
        {
            if (context.Transaction.GetHttpRequest()?.HttpContext.Response is { } response)
            {
                response.Headers.CacheControl = "public, max-age=300";
            }
            return ValueTask.CompletedTask;
        }
    }

    public sealed class NeverCache<TContext> : IOpenIddictServerHandler<TContext> where TContext : BaseRequestContext
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<TContext>()
            .UseSingletonHandler<NeverCache<TContext>>()
            .SetOrder(int.MinValue + 100_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public ValueTask HandleAsync(TContext context)
        {
            if (context.Transaction.GetHttpRequest()?.HttpContext.Response is { } response)
            {
                response.Headers.CacheControl = "no-store";
                response.Headers.Pragma = "no-cache";
            }
            return ValueTask.CompletedTask;
        }
    }
}
