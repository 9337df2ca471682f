using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace McpGateway.ServiceDefaults.Authentication;

/// <summary>
/// How every service checks credentials, read from environment variables with ContextForge's names
/// (<see cref="Load"/>). Services may extend it in code, e.g. the catalog accepting RFC 8707 resource audiences:
/// <c>builder.Services.Configure&lt;TokenAuthenticationOptions&gt;(o =&gt; o.AudienceValidator = ...)</c>.
/// </summary>
public sealed class TokenAuthenticationOptions
{
    public const string DefaultIssuer = "http://localhost:4444";
    public const string DefaultAudience = "mcpgateway-api";
    public const string DefaultPlatformAdminEmail = "admin@example.com";

    /// <summary>The exact `iss` tokens must carry (`JWT_ISSUER`, else `APP_DOMAIN`, else http://localhost:4444). No trailing-slash leniency: OIDC compares issuers exactly.</summary>
    public string Issuer { get; set; } = DefaultIssuer;

    /// <summary>Audiences every token may carry one of (`JWT_AUDIENCE`, default `mcpgateway-api`). Add to it in code.</summary>
    public IList<string> ValidAudiences { get; } = [];

    /// <summary>Accepts further audiences that cannot be listed, such as `{issuer}/servers/{id}/mcp`. Tried after <see cref="ValidAudiences"/>.</summary>
    public Func<string, bool>? AudienceValidator { get; set; }

    /// <summary>`REQUIRE_JTI` (default true): a token without `jti` cannot be revoked, so it is refused.</summary>
    public bool RequireJti { get; set; } = true;

    /// <summary>
    /// Where this process reaches the auth service to fetch discovery and JWKS: Aspire's `services:auth:http:0`
    /// (env `services__auth__http__0`), else `services:auth:https:0`, else the issuer itself.
    /// </summary>
    public Uri? AuthServiceAddress { get; set; }

    /// <summary>
    /// The least time between two key fetches forced by a token with an unknown `kid` (`JWKS_REFRESH_INTERVAL_SECONDS`,
    /// default 30, at least 1): a rotated key is picked up this soon, and forged `kid`s cannot flood the auth service.
    /// </summary>
    public TimeSpan KeysRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long fetched keys are used before they are fetched again anyway (`JWKS_CACHE_MINUTES`, default 10, at least 5).</summary>
    public TimeSpan KeysCacheDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Tolerance for clocks that disagree, on `exp` and `nbf`.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>`API_ALLOW_BASIC_AUTH` (default true): whether HTTP Basic is accepted at all.</summary>
    public bool AllowBasicAuth { get; set; } = true;

    /// <summary>`BASIC_AUTH_USER`; with <see cref="BasicAuthPassword"/> it signs in as the platform admin. No default: unset means no such pair.</summary>
    public string? BasicAuthUser { get; set; }

    /// <summary>`BASIC_AUTH_PASSWORD`. No default.</summary>
    public string? BasicAuthPassword { get; set; }

    /// <summary>`PLATFORM_ADMIN_EMAIL` (default admin@example.com): who the configured Basic pair signs in as.</summary>
    public string PlatformAdminEmail { get; set; } = DefaultPlatformAdminEmail;

    /// <summary>Failed HTTP Basic attempts allowed per client address per minute (`LOGIN_RATE_LIMIT_PER_MINUTE`, default 10; 0: no limit).</summary>
    public int LoginRateLimitPerMinute { get; set; } = 10;

    /// <summary>Failed HTTP Basic attempts allowed in total per minute (`LOGIN_RATE_LIMIT_GLOBAL_PER_MINUTE`, default 600; 0: no limit).</summary>
    public int LoginRateLimitGlobalPerMinute { get; set; } = 600;

    /// <summary>Consecutive failures that lock the configured Basic user (`MAX_FAILED_LOGIN_ATTEMPTS`, default 5).</summary>
    public int MaxFailedLoginAttempts { get; set; } = 5;

    /// <summary>How long the configured Basic user stays locked (`ACCOUNT_LOCKOUT_DURATION_MINUTES`, default 30).</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// When set and returning a URL, 401 responses name it as `resource_metadata` in the Bearer challenge (RFC 9728),
    /// which is how MCP clients find the authorization server of a protected resource.
    /// </summary>
    public Func<HttpContext, string?>? ResourceMetadataAddress { get; set; }

    /// <summary>Whether <paramref name="audience"/> is one this service accepts.</summary>
    public bool IsValidAudience(string audience) =>
        ValidAudiences.Contains(audience, StringComparer.Ordinal) || AudienceValidator?.Invoke(audience) == true;

    /// <summary>Reads the environment variables named on each property; a malformed value stops start-up with its name.</summary>
    public void Load(IConfiguration configuration)
    {
        Issuer = NonEmpty(configuration["JWT_ISSUER"]) ?? NonEmpty(configuration["APP_DOMAIN"]) ?? DefaultIssuer;
        // Added, not replacing the list: audiences a service configured in code stay, whichever ran first.
        var audience = NonEmpty(configuration["JWT_AUDIENCE"]) ?? DefaultAudience;
        if (!ValidAudiences.Contains(audience, StringComparer.Ordinal))
        {
            ValidAudiences.Insert(0, audience);
        }
        RequireJti = Boolean(configuration, "REQUIRE_JTI", true);

        var address = NonEmpty(configuration["services:auth:http:0"]) ?? NonEmpty(configuration["services:auth:https:0"]) ?? Issuer;
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException($"The auth service address '{address}' (services__auth__http__0, else JWT_ISSUER) is not an http(s) URL.");
        }
        AuthServiceAddress = uri;
        KeysRefreshInterval = TimeSpan.FromSeconds(WholeNumber(configuration, "JWKS_REFRESH_INTERVAL_SECONDS", 30, minimum: 1));
        KeysCacheDuration = TimeSpan.FromMinutes(WholeNumber(configuration, "JWKS_CACHE_MINUTES", 10, minimum: 5));

        AllowBasicAuth = Boolean(configuration, "API_ALLOW_BASIC_AUTH", true);
        BasicAuthUser = NonEmpty(configuration["BASIC_AUTH_USER"]);
        BasicAuthPassword = NonEmpty(configuration["BASIC_AUTH_PASSWORD"]);
        PlatformAdminEmail = NonEmpty(configuration["PLATFORM_ADMIN_EMAIL"]) ?? DefaultPlatformAdminEmail;
        LoginRateLimitPerMinute = WholeNumber(configuration, "LOGIN_RATE_LIMIT_PER_MINUTE", 10, minimum: 0);
        LoginRateLimitGlobalPerMinute = WholeNumber(configuration, "LOGIN_RATE_LIMIT_GLOBAL_PER_MINUTE", 600, minimum: 0);
        MaxFailedLoginAttempts = WholeNumber(configuration, "MAX_FAILED_LOGIN_ATTEMPTS", 5, minimum: 1);
        LockoutDuration = TimeSpan.FromMinutes(WholeNumber(configuration, "ACCOUNT_LOCKOUT_DURATION_MINUTES", 30, minimum: 0));
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    // ContextForge's settings are pydantic booleans, so accept its spellings too.
    private static bool Boolean(IConfiguration configuration, string key, bool fallback) =>
        NonEmpty(configuration[key])?.ToLowerInvariant() switch
        {
            null => fallback,
            "true" or "1" or "yes" or "on" => true,
            "false" or "0" or "no" or "off" => false,
            var text => throw new InvalidOperationException($"{key} must be true or false, not '{text}'."),
        };

    private static int WholeNumber(IConfiguration configuration, string key, int fallback, int minimum) =>
        NonEmpty(configuration[key]) is not { } text ? fallback
        : int.TryParse(text, out var value) && value >= minimum ? value
        : throw new InvalidOperationException($"{key} must be a whole number of at least {minimum}, not '{text}'.");
}
