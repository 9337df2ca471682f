using McpGateway.ServiceDefaults.Authentication;

namespace McpGateway.Auth.Security;

/// <summary>
/// The auth service's token settings, from environment variables with ContextForge's names where they exist.
/// </summary>
public sealed record AuthSettings
{
    /// <summary>`iss` of every token: the public gateway origin. `JWT_ISSUER`, else `APP_DOMAIN`, else http://localhost:4444.</summary>
    public required string Issuer { get; init; }

    /// <summary>`aud` of tokens not bound to a resource (`JWT_AUDIENCE`, default `mcpgateway-api`).</summary>
    public required string Audience { get; init; }

    /// <summary>`JWT_ALGORITHM`: RS256 (default) or ES256. Symmetric algorithms are refused: every service verifies tokens.</summary>
    public required string Algorithm { get; init; }

    /// <summary>Lifetime of access tokens (`TOKEN_EXPIRY`, minutes, default 60).</summary>
    public required TimeSpan AccessTokenLifetime { get; init; }

    /// <summary>Lifetime of refresh tokens (`REFRESH_TOKEN_EXPIRY_DAYS`, default 30).</summary>
    public required TimeSpan RefreshTokenLifetime { get; init; }

    /// <summary>How long a key signs before the next one takes over (`JWT_KEY_ROTATION_DAYS`, default 30).</summary>
    public required TimeSpan KeyRotationPeriod { get; init; }

    /// <summary>A new key is published this long before it signs, so every service has fetched it first.</summary>
    public TimeSpan KeyPublicationLead { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// `OAUTH_REGISTRATION_TOKEN`: when set, dynamic client registration (`POST /oauth/register`) requires it as a bearer
    /// token (an RFC 7591 initial access token), and only clients registered with it may use `client_credentials`.
    /// </summary>
    public string? RegistrationToken { get; init; }

    /// <summary>
    /// <see cref="Issuer"/> as OpenIddict needs it: a URI that keeps the text exactly as configured. A plain <see cref="Uri"/>
    /// would add a trailing slash to `http://localhost:4444`, and every service compares `iss` exactly.
    /// </summary>
    public Uri IssuerUri => new(Issuer, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });

    public static readonly string[] SupportedAlgorithms = ["RS256", "ES256"];

    public static AuthSettings FromConfiguration(IConfiguration configuration)
    {
        var algorithm = (configuration["JWT_ALGORITHM"] ?? "RS256").ToUpperInvariant();
        if (!SupportedAlgorithms.Contains(algorithm))
        {
            throw new InvalidOperationException(
                $"JWT_ALGORITHM={algorithm} is not supported: tokens are verified by every service with published keys, so use RS256 or ES256.");
        }
        var validation = new TokenAuthenticationOptions();
        validation.Load(configuration);
        return new AuthSettings
        {
            // The same issuer and audience every service validates against: one definition, in ServiceDefaults.
            Issuer = validation.Issuer,
            Audience = validation.ValidAudiences[0],
            Algorithm = algorithm,
            AccessTokenLifetime = TimeSpan.FromMinutes(Positive(configuration, "TOKEN_EXPIRY", 60)),
            RefreshTokenLifetime = TimeSpan.FromDays(Positive(configuration, "REFRESH_TOKEN_EXPIRY_DAYS", 30)),
            KeyRotationPeriod = TimeSpan.FromDays(Positive(configuration, "JWT_KEY_ROTATION_DAYS", 30)),
            RegistrationToken = configuration["OAUTH_REGISTRATION_TOKEN"] is { Length: > 0 } token ? token.Trim() : null,
        };
    }

    private static int Positive(IConfiguration configuration, string key, int fallback) =>
        configuration[key] is not { Length: > 0 } text ? fallback
        : int.TryParse(text, out var value) && value > 0 ? value
        : throw new InvalidOperationException($"{key} must be a positive whole number, not '{text}'.");
}
