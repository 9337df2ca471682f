using McpGateway.Auth.OAuth.Clients;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace McpGateway.Auth.OAuth.Server;

/// <summary>
/// Rules of ours for authorization and token requests, run among OpenIddict's own checks: a client_id that is a metadata
/// document URL becomes a known client first; PKCE is S256 only and said so plainly; a `resource` (RFC 8707) is one
/// absolute URI, refused as `invalid_target`.
/// </summary>
public static class AuthorizationRequestHandlers
{
    public static IEnumerable<OpenIddictServerHandlerDescriptor> Descriptors =>
        [ResolveClientMetadataDocument.Descriptor, RequireS256.Descriptor, OneResource.AuthorizationDescriptor, OneResource.TokenDescriptor];

    /// <summary>Before OpenIddict looks the client up: fetch, check and store the document a URL client_id names.</summary>
    public sealed class ResolveClientMetadataDocument(ClientMetadataDocuments documents) : IOpenIddictServerHandler<ValidateAuthorizationRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateAuthorizationRequestContext>()
            .UseScopedHandler<ResolveClientMetadataDocument>()
            .SetOrder(OpenIddictServerHandlers.Authentication.ValidateAuthentication.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public async ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
        {
            if (context.ClientId is { } clientId && ClientMetadataDocuments.IsDocumentUrl(clientId)
                && await documents.EnsureApplicationAsync(clientId, context.CancellationToken) is { } refusal)
            {
                context.Reject(Errors.InvalidClient, refusal);
            }
        }
    }

    /// <summary>OAuth 2.1 and the MCP authorization spec require PKCE with S256; `plain` is refused.</summary>
    public sealed class RequireS256 : IOpenIddictServerHandler<ValidateAuthorizationRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateAuthorizationRequestContext>()
            .UseSingletonHandler<RequireS256>()
            .SetOrder(OpenIddictServerHandlers.Authentication.ValidateProofKeyForCodeExchangeParameters.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
        {
            var request = context.Request;
            if (string.IsNullOrEmpty(request.CodeChallenge))
            {
                context.Reject(Errors.InvalidRequest, "code_challenge is required: PKCE with S256.");
            }
            else if (request.CodeChallengeMethod != CodeChallengeMethods.Sha256)
            {
                context.Reject(Errors.InvalidRequest, "PKCE S256 required: set code_challenge_method=S256 (plain is not accepted).");
            }
            else if (request.CodeChallenge.Length != 43 || !request.CodeChallenge.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                context.Reject(Errors.InvalidRequest, "code_challenge is not a S256 challenge (43 base64url characters).");
            }
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>RFC 8707: one resource per request, an absolute URI without a fragment; anything else is `invalid_target`.</summary>
    public sealed class OneResource : IOpenIddictServerHandler<ValidateAuthorizationRequestContext>, IOpenIddictServerHandler<ValidateTokenRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor AuthorizationDescriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateAuthorizationRequestContext>()
            .UseSingletonHandler<OneResource>()
            .SetOrder(OpenIddictServerHandlers.Authentication.ValidateResourceParameter.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public static OpenIddictServerHandlerDescriptor TokenDescriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenRequestContext>()
            .UseSingletonHandler<OneResource>()
            .SetOrder(OpenIddictServerHandlers.Exchange.ValidateResourceParameter.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public ValueTask HandleAsync(ValidateAuthorizationRequestContext context) => Check(context, context.Request);

        public ValueTask HandleAsync(ValidateTokenRequestContext context) => Check(context, context.Request);

        private static ValueTask Check(BaseValidatingContext context, OpenIddictRequest request)
        {
            var resources = request.GetResources();
            if (resources.Length > 1)
            {
                context.Reject(Errors.InvalidTarget, "Ask for one resource per request.");
            }
            else if (resources is [var resource] && !(RedirectUris.IsAbsolute(resource, out _) && !resource.Contains('#', StringComparison.Ordinal)))
            {
                context.Reject(Errors.InvalidTarget, "resource must be an absolute URI without a fragment (RFC 8707).");
            }
            return ValueTask.CompletedTask;
        }
    }
}
