using McpGateway.Auth.Infrastructure;
using McpGateway.Auth.OAuth.Clients;
using McpGateway.Auth.OAuth.Server;
using McpGateway.Auth.Security;
using McpGateway.Auth.Tokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.EntityFrameworkCore.Models;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace McpGateway.Auth.OAuth;

public static class OAuthServerExtensions
{
    /// <summary>
    /// The OAuth 2.1 / OpenID Connect provider on OpenIddict: its server (protocol validation, PKCE, codes, refresh
    /// rotation and reuse detection, client authentication, discovery, revocation, introspection) with its EF Core stores
    /// in the auth database; our keys, our token contract and our rules through the handlers in <see cref="Server"/>;
    /// sign-in, consent, token issuance, userinfo and logout decided by our endpoints in passthrough
    /// (<see cref="Apis.OAuthApi"/>); dynamic registration and Client ID Metadata Documents on its application manager.
    /// </summary>
    public static IHostApplicationBuilder AddOAuthServer(this IHostApplicationBuilder builder)
    {
        var settings = AuthSettings.FromConfiguration(builder.Configuration);
        var services = builder.Services;
        // OpenIddict narrates every request at Information (endpoint matched, request extracted, response returned): like
        // the framework's own chatter, shown only with LOG_LEVEL=Debug. Its warnings (a replayed code revoking a grant) stay.
        if (!Enum.TryParse<LogLevel>(builder.Configuration["LOG_LEVEL"], ignoreCase: true, out var level) || level > LogLevel.Debug)
        {
            builder.Logging.AddFilter("OpenIddict", LogLevel.Warning);
        }
        services.AddSingleton(ClientMetadataDocumentSettings.FromConfiguration(builder.Configuration));
        services.AddSingleton<ClientMetadataDocumentFetcher>();
        services.AddScoped<ClientMetadataDocuments>();
        services.AddScoped<AccessTokenRevocations>();
        services.AddSingleton<ClientLookups>();
        services.AddSingleton<LoginSessions>();
        services.AddSingleton<LoginFormProtection>();
        services.AddSingleton<OAuthRateLimits>();

        services.AddOpenIddict()
            .AddCore(core =>
            {
                core.UseEntityFrameworkCore().UseDbContext<AuthContext>();
                core.ReplaceApplicationStore<OpenIddictEntityFrameworkCoreApplication, CachedApplicationStore>(ServiceLifetime.Scoped);
                core.ReplaceApplicationManager<OpenIddictEntityFrameworkCoreApplication, OAuthApplicationManager>();
                core.ReplaceTokenManager<OpenIddictEntityFrameworkCoreToken, OAuthTokenManager>();
            })
            .AddServer(server =>
            {
                server.SetIssuer(settings.IssuerUri);
                server.SetAuthorizationEndpointUris(
                    OAuthPaths.Relative(OAuthPaths.Authorize), OAuthPaths.Relative(OAuthPaths.Login), OAuthPaths.Relative(OAuthPaths.Consent));
                server.SetTokenEndpointUris(OAuthPaths.Relative(OAuthPaths.Token));
                server.SetUserInfoEndpointUris(OAuthPaths.Relative(OAuthPaths.UserInfo));
                server.SetRevocationEndpointUris(OAuthPaths.Relative(OAuthPaths.Revoke));
                server.SetIntrospectionEndpointUris(OAuthPaths.Relative(OAuthPaths.Introspect));
                server.SetEndSessionEndpointUris(OAuthPaths.Relative(OAuthPaths.Logout));
                server.SetJsonWebKeySetEndpointUris(OAuthPaths.Relative(OAuthPaths.Jwks));
                server.SetConfigurationEndpointUris(
                    OAuthPaths.Relative(OAuthPaths.OpenIdConfiguration), OAuthPaths.Relative(OAuthPaths.AuthorizationServerMetadata));

                server.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow().AllowClientCredentialsFlow();
                server.RequireProofKeyForCodeExchange();
                server.Configure(options =>
                {
                    options.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain);
                    options.ResponseModes.Remove(ResponseModes.FormPost);
                    options.ResponseModes.Remove(ResponseModes.Fragment);
                    options.ClientAuthenticationMethods.Remove(ClientAuthenticationMethods.PrivateKeyJwt);
                });
                // Scopes and resources are ours to grant (see the endpoints): unknown scopes are dropped rather than
                // refused (RFC 6749 §3.3), and a resource is any MCP server's URL (RFC 8707), not a fixed list.
                server.DisableScopeValidation().IgnoreScopePermissions();
                server.DisableResourceValidation().IgnoreResourcePermissions();

                server.SetAccessTokenLifetime(settings.AccessTokenLifetime);
                server.SetIdentityTokenLifetime(settings.AccessTokenLifetime);
                server.SetRefreshTokenLifetime(settings.RefreshTokenLifetime);
                server.SetAuthorizationCodeLifetime(TimeSpan.FromMinutes(1));
                // A refresh token is good for one use: a second presentation, however soon, is a copy and revokes the grant.
                server.SetRefreshTokenReuseLeeway(null);
                // Access tokens stay signed JWTs every service validates locally; nothing of ours needs them encrypted.
                server.DisableAccessTokenEncryption();
                // Refresh tokens, like codes, are random references (their SHA-256 stored, the payload beside it).
                server.UseReferenceRefreshTokens();
                // Required to start; never used: SigningKeyHandlers sign, publish and verify with the persisted keys.
                // P-256, generated in microseconds: the RSA-2048 default cost every start up to a second of CPU.
                server.AddEphemeralSigningKey(SecurityAlgorithms.EcdsaSha256);

                foreach (var descriptor in SigningKeyHandlers.Descriptors.Concat(TokenHandlers.Descriptors).Concat(DiscoveryHandlers.Descriptors)
                    .Concat(AuthorizationRequestHandlers.Descriptors).Concat(ClientRequestHandlers.Descriptors).Append(UserInfoProblems.Descriptor))
                {
                    server.AddEventHandler(descriptor);
                }
                server.RemoveEventHandler(OpenIddictServerHandlers.Introspection.ValidateAuthorizedParty.Descriptor);
                // Our endpoints always say which scopes are granted: none means none, not `openid` because it was asked for.
                server.RemoveEventHandler(OpenIddictServerHandlers.AttachDefaultScopes.Descriptor);

                server.UseAspNetCore()
                    // Behind the gateway the service speaks plain http; the public origin's TLS is the gateway's business.
                    .DisableTransportSecurityRequirement()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .EnableErrorPassthrough()
                    .SetRealm(ServiceDefaults.Authentication.TokenAuthenticationDefaults.Realm);
            });

        // Codes and refresh tokens are encrypted (OpenIddict's default) with a key every replica derives from
        // AUTH_ENCRYPTION_SECRET, so they survive restarts and can be redeemed at any replica.
        services.AddOptions<OpenIddictServerOptions>().Configure<SecretProtector>((options, protector) =>
            options.EncryptionCredentials.Add(new EncryptingCredentials(
                new SymmetricSecurityKey(protector.DeriveKey("mcpgateway oauth token encryption")),
                SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512)));
        return builder;
    }
}
