using McpGateway.Auth.Security;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace McpGateway.Auth.OAuth.Server;

/// <summary>
/// OpenIddict signs, publishes and checks tokens with our persisted, rotated keys (<see cref="SigningKeyStore"/>) rather
/// than the fixed credentials its options hold: those are read once, and a key rotated by another replica must be used
/// here without a restart. The options keep one ephemeral key only because OpenIddict will not start without one; these
/// handlers replace it wherever a key is chosen, so it never signs nor appears in the JWKS.
/// </summary>
public static class SigningKeyHandlers
{
    public static IEnumerable<OpenIddictServerHandlerDescriptor> Descriptors =>
        [SignWithActiveKey.Descriptor, PublishStoredKeys.Descriptor, TrustPublishedKeys.Descriptor];

    /// <summary>Every token OpenIddict generates is signed with the key the store says is active now.</summary>
    public sealed class SignWithActiveKey(SigningKeyStore keys) : IOpenIddictServerHandler<GenerateTokenContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
            .UseSingletonHandler<SignWithActiveKey>()
            .SetOrder(OpenIddictServerHandlers.Protection.AttachSecurityCredentials.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public async ValueTask HandleAsync(GenerateTokenContext context) =>
            context.SigningCredentials = await keys.GetSigningCredentialsAsync(context.CancellationToken);
    }

    /// <summary>`/oauth/jwks` lists the store's published keys: upcoming, active, and retired until their tokens expire.</summary>
    public sealed class PublishStoredKeys(SigningKeyStore keys) : IOpenIddictServerHandler<HandleJsonWebKeySetRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<HandleJsonWebKeySetRequestContext>()
            .UseSingletonHandler<PublishStoredKeys>()
            .SetOrder(OpenIddictServerHandlers.Discovery.AttachSigningKeys.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public async ValueTask HandleAsync(HandleJsonWebKeySetRequestContext context)
        {
            context.Keys.Clear();
            context.Keys.AddRange(await keys.GetPublishedKeysAsync(context.CancellationToken));
        }
    }

    /// <summary>Codes, refresh tokens, id_token hints and access tokens presented back to OpenIddict verify against the published keys.</summary>
    public sealed class TrustPublishedKeys(SigningKeyStore keys) : IOpenIddictServerHandler<ValidateTokenContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .UseSingletonHandler<TrustPublishedKeys>()
            .SetOrder(OpenIddictServerHandlers.Protection.ResolveTokenValidationParameters.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public async ValueTask HandleAsync(ValidateTokenContext context)
        {
            // Client assertions (private_key_jwt) are signed by clients, not by us: leave their key resolver alone.
            if (context.TokenValidationParameters.IssuerSigningKeyResolver is null)
            {
                context.TokenValidationParameters.IssuerSigningKeys = await keys.GetPublishedKeysAsync(context.CancellationToken);
            }
        }
    }
}
