using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.Net.Http.Headers;

namespace McpGateway.ServiceDefaults.Authentication;

public static class TokenAuthenticationExtensions
{
    /// <summary>
    /// Bearer JWTs from the auth service through JwtBearer (checked locally against the auth service's cached keys, with
    /// our rules in <see cref="AccessTokenHandler"/> and <see cref="BearerTokenEvents"/>) and HTTP Basic, behind a policy
    /// scheme that picks one by the Authorization header; plus authorization whose default policy is "authenticated".
    /// No scheme is the default: a request is authenticated only where its endpoint requires it (`.RequireAuthorization()`
    /// and our policies name <see cref="TokenAuthenticationDefaults.Scheme"/>), so an anonymous endpoint never looks at a
    /// token. `MapDefaultEndpoints` places the authentication and authorization middleware.
    /// The key source is an <see cref="IConfigurationManager{OpenIdConnectConfiguration}"/> registered with TryAdd; the auth
    /// service replaces it with one backed by its own key store. Calling this again is harmless.
    /// </summary>
    public static TBuilder AddTokenAuthentication<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(BearerTokenEvents)))
        {
            return builder;
        }

        // Read when first needed (and checked at start-up), so configuration added after this call still counts.
        services.AddOptions<TokenAuthenticationOptions>().Configure<IConfiguration>((options, configuration) => options.Load(configuration)).ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TokenDenyList>();
        services.TryAddSingleton<BasicAuthenticationThrottle>();
        services.TryAddSingleton(CreateKeySource);
        services.AddSingleton<BearerTokenEvents>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IBasicCredentialsValidator, ConfiguredBasicCredentialsValidator>());
        services.AddProblemDetails();

        services.AddAuthentication()
            .AddPolicyScheme(TokenAuthenticationDefaults.Scheme, "Bearer token or HTTP Basic", o => o.ForwardDefaultSelector = SelectScheme)
            .AddJwtBearer(TokenAuthenticationDefaults.BearerScheme)
            .AddScheme<AuthenticationSchemeOptions, BasicAuthenticationHandler>(TokenAuthenticationDefaults.BasicScheme, null);
        services.AddOptions<JwtBearerOptions>(TokenAuthenticationDefaults.BearerScheme)
            .Configure<IOptions<TokenAuthenticationOptions>, TokenDenyList, IConfigurationManager<OpenIdConnectConfiguration>, BearerTokenEvents, ILoggerFactory>(
                (bearer, options, denyList, keys, events, loggers) =>
                {
                    var handler = new AccessTokenHandler(denyList, options.Value);
                    bearer.TokenHandlers.Clear();
                    bearer.TokenHandlers.Add(handler);
                    // Claims keep the names they were issued with (`sub`, not a SOAP-era URI).
                    bearer.MapInboundClaims = false;
                    bearer.TokenValidationParameters = handler.CreateValidationParameters();
                    bearer.ConfigurationManager = new BearerKeySource(keys, loggers.CreateLogger<BearerKeySource>());
                    bearer.Events = events;
                });

        // The default policy is "an authenticated user" by our scheme; no fallback policy, so endpoints stay anonymous
        // unless they opt in.
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(new AuthorizationPolicyBuilder(TokenAuthenticationDefaults.Scheme).RequireAuthenticatedUser().Build())
            .AddPolicy(TokenAuthenticationDefaults.PlatformAdminPolicy, policy => policy
                .AddAuthenticationSchemes(TokenAuthenticationDefaults.Scheme)
                .RequireAuthenticatedUser()
                .RequireClaim(TokenAuthenticationDefaults.Claims.IsAdmin, "true", "True"));
        return builder;
    }

    private static string SelectScheme(Microsoft.AspNetCore.Http.HttpContext context) =>
        context.Request.Headers[HeaderNames.Authorization].ToString().StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)
            ? TokenAuthenticationDefaults.BasicScheme
            : TokenAuthenticationDefaults.BearerScheme;

    /// <summary>
    /// The default key source: the auth service's discovery document and JWKS, fetched through its internal address,
    /// cached for <see cref="TokenAuthenticationOptions.KeysCacheDuration"/> and refreshed early on an unknown `kid`
    /// (at most once per <see cref="TokenAuthenticationOptions.KeysRefreshInterval"/>).
    /// </summary>
    /// <remarks>
    /// Its HttpClient is not one of IHttpClientFactory's, so the standard resilience handler does not wrap it: the first
    /// request waits for this fetch, and retries would hold it (and every request queued behind it) for up to half a
    /// minute while the auth service is down; one attempt (10 s at most) refuses at once, and the configuration manager
    /// tries again on its own schedule.
    /// </remarks>
    private static IConfigurationManager<OpenIdConnectConfiguration> CreateKeySource(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<TokenAuthenticationOptions>>().Value;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger<InternalJwksConfigurationRetriever>();
        // Lives as long as the process; pooled connections are renewed so a moved auth service is found again. An internal
        // address is never reached through an HTTP_PROXY meant for the outside world.
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), UseProxy = false })
        {
            Timeout = TimeSpan.FromSeconds(10),
        };
        var discovery = options.AuthServiceAddress!.AbsoluteUri.TrimEnd('/') + "/.well-known/openid-configuration";
        return new ConfigurationManager<OpenIdConnectConfiguration>(
            discovery,
            new InternalJwksConfigurationRetriever(options.Issuer, logger),
            // Internal addresses are plain http inside the cluster; the public origin's TLS is the gateway's business.
            new HttpDocumentRetriever(http) { RequireHttps = false })
        {
            AutomaticRefreshInterval = options.KeysCacheDuration,
            RefreshInterval = options.KeysRefreshInterval,
        };
    }
}
