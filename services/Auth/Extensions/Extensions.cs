using McpGateway.Auth.Accounts;
using McpGateway.Auth.Apis;
using McpGateway.Auth.Tokens;
using McpGateway.ServiceDefaults.Authentication;
using McpGateway.Auth.Infrastructure;
using McpGateway.Auth.IntegrationEvents;
using McpGateway.ServiceDefaults.Messaging.Resync;
using McpGateway.Auth.Model;
using McpGateway.Auth.OAuth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using McpGateway.Auth.Security;
using McpGateway.Auth.Sso;
using McpGateway.ServiceDefaults.Data;
using McpGateway.ServiceDefaults.Messaging;

namespace McpGateway.Auth.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<AuthContext>(AuthContext.ServiceName);
        // Publishes the user and token events; consumes the deny-list ones too, so its other replicas learn each revocation.
        builder.AddIntegrationEvents<AuthContext>(AuthContext.ServiceName, consumers => consumers.Add<PlatformAdminRoleConsumer>());
        builder.Services.AddScoped<IStateAnnouncer, AccountsAnnouncer>();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(AuthSettings.FromConfiguration(builder.Configuration));
        builder.Services.AddSingleton<SecretProtector>();
        builder.Services.AddSingleton<SigningKeyStore>();
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddHostedService<SigningKeyRotation>();
        // This service checks bearer tokens against its own key store, not over HTTP to its own JWKS.
        builder.Services.Replace(ServiceDescriptor.Singleton<IConfigurationManager<OpenIdConnectConfiguration>, SigningKeyConfigurationManager>());
        // The OAuth 2.1 / OpenID Connect provider on OpenIddict (OAuth/, Apis/OAuthApi.cs and friends).
        builder.AddOAuthServer();
        // The admin UI, registered as this provider's first-party client at every start.
        builder.Services.AddHostedService<McpGateway.Auth.OAuth.Clients.AdminUiClientRegistration>();

        builder.Services.AddSingleton(AccountSettings.FromConfiguration(builder.Configuration));
        builder.Services.AddSingleton<PasswordHasher<EmailUser>>();
        builder.Services.AddScoped<PasswordSignIn>();
        builder.Services.AddScoped<UserAccounts>();

        // Email sign-in, registration, user administration, the platform admin bootstrap, HTTP Basic with an email.
        builder.Services.AddSingleton(PlatformAdminSettings.FromConfiguration(builder.Configuration));
        builder.Services.AddHostedService<PlatformAdminBootstrap>();
        builder.Services.AddScoped<SignInTokens>();
        builder.Services.AddScoped<UserAdministration>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<IBasicCredentialsValidator, EmailPasswordCredentialsValidator>();
        builder.AddLoginRateLimiting();
        builder.Services.AddRequestProblemDetails();

        // Sign-in through upstream identity providers (Sso/, Apis/SsoApi.cs).
        builder.Services.AddSingleton(SsoSettings.FromConfiguration(builder.Configuration));
        builder.Services.AddHostedService<SsoProviderBootstrap>();
        builder.Services.AddSsoHttpClient();
        builder.Services.AddSingleton<OidcUpstream>();
        builder.Services.AddSingleton<GitHubUpstream>();
        builder.Services.AddScoped<SsoFlow>();
        builder.Services.AddScoped<SsoAccounts>();

        // API tokens: issue and revoke (deleting or demoting an account revokes its tokens), the deny-list loaded at start,
        // the usage log and the check of each API token against its row.
        builder.Services.AddScoped<ApiTokens>();
        builder.Services.AddHostedService<RevokedTokensLoader>();
        builder.Services.Replace(ServiceDescriptor.Singleton<IAuthorizationMiddlewareResultHandler, ApiTokenUsage>());
    }
}
