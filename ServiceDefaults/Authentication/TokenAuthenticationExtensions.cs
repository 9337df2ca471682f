using Microsoft.AspNetCore.Authentication;
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
    /// Bearer JWTs from the auth service (checked locally against its cached JWKS) and HTTP Basic, behind one default
    /// scheme that picks by the Authorization header, plus authorization whose default policy is "authenticated".
    /// Nothing is protected by this alone: endpoints opt in with <c>.RequireAuthorization()</c>.
    /// The key source is an <see cref="IConfigurationManager{OpenIdConnectConfiguration}"/> registered with TryAdd; the auth
    /// service replaces it with one backed by its own key store. Called by <c>AddServiceDefaults</c>; calling it again is harmless.
    /// </summary>
    public static TBuilder AddTokenAuthentication<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(AccessTokenValidator)))
        {
            return builder;
        }

        // Read when first needed (and checked at start-up), so configuration added after this call still counts.
        services.AddOptions<TokenAuthenticationOptions>().Configure<IConfiguration>((options, configuration) => options.Load(configuration)).ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TokenDenyList>();
        services.TryAddSingleton(CreateKeySource);
        services.AddSingleton<AccessTokenValidator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IBasicCredentialsValidator, ConfiguredBasicCredentialsValidator>());
        services.AddProblemDetails();

        services.AddAuthentication(TokenAuthenticationDefaults.Scheme)
            .AddPolicyScheme(TokenAuthenticationDefaults.Scheme, "Bearer token or HTTP Basic", o => o.ForwardDefaultSelector = SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(TokenAuthenticationDefaults.BearerScheme, null)
            .AddScheme<AuthenticationSchemeOptions, BasicAuthenticationHandler>(TokenAuthenticationDefaults.BasicScheme, null);

        // Policies name the scheme, so a request is authenticated only where an endpoint requires it: no
        // UseAuthentication(), which would check every bearer token on every request, the gateway's included.
        // The default policy is "an authenticated user"; no fallback policy, so endpoints stay anonymous unless they opt in.
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
    /// cached for <see cref="TokenAuthenticationOptions.KeysCacheDuration"/> and refreshed early on an unknown `kid`.
    /// </summary>
    private static IConfigurationManager<OpenIdConnectConfiguration> CreateKeySource(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<TokenAuthenticationOptions>>().Value;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger<InternalJwksConfigurationRetriever>();
        // Lives as long as the process; pooled connections are renewed so a moved auth service is found again.
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(10) };
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
