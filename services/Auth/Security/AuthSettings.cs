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
        };
    }

    private static int Positive(IConfiguration configuration, string key, int fallback) =>
        configuration[key] is not { Length: > 0 } text ? fallback
        : int.TryParse(text, out var value) && value > 0 ? value
        : throw new InvalidOperationException($"{key} must be a positive whole number, not '{text}'.");
}
