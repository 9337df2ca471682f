using System.Threading.RateLimiting;

namespace McpGateway.Auth.OAuth;

/// <summary>
/// Per-client-address token buckets for the provider's endpoints: the token endpoint (with revocation and
/// introspection), dynamic client registration, which anyone may call, and the login form's password checks. The
/// address is the caller's as the gateway forwarded it. Limits are requests per minute
/// (`OAUTH_TOKEN_RATE_LIMIT_PER_MINUTE`, default 600; `OAUTH_REGISTRATION_RATE_LIMIT_PER_MINUTE`, default 20;
/// `LOGIN_RATE_LIMIT_PER_MINUTE`, default 10, the same setting as the sign-in API's), with a burst of a quarter of
/// that (at least 5); 0 turns a limit off. Checked by <see cref="OAuthRequestGuard"/> before OpenIddict reads the request
/// (the login form's by its endpoint) and answered in each endpoint's own error format, hence not ASP.NET's middleware.
/// </summary>
public sealed class OAuthRateLimits : IDisposable
{
    public enum Policy
    {
        Token,
        Registration,
        Login,
    }

    private readonly PartitionedRateLimiter<string>? _token;
    private readonly PartitionedRateLimiter<string>? _registration;
    private readonly PartitionedRateLimiter<string>? _login;

    public OAuthRateLimits(IConfiguration configuration)
    {
        _token = Create(PerMinute(configuration, "OAUTH_TOKEN_RATE_LIMIT_PER_MINUTE", 600));
        _registration = Create(PerMinute(configuration, "OAUTH_REGISTRATION_RATE_LIMIT_PER_MINUTE", 20));
        _login = Create(PerMinute(configuration, "LOGIN_RATE_LIMIT_PER_MINUTE", 10));
    }

    /// <summary>Takes one request's permit; false with the seconds to wait when the caller's address has used up its share.</summary>
    public bool TryAcquire(Policy policy, HttpContext context, out int retryAfterSeconds)
    {
        retryAfterSeconds = 0;
        var limiter = policy switch
        {
            Policy.Token => _token,
            Policy.Registration => _registration,
            _ => _login,
        };
        if (limiter is null)
        {
            return true;
        }
        using var lease = limiter.AttemptAcquire(context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        if (lease.IsAcquired)
        {
            return true;
        }
        retryAfterSeconds = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 1;
        return false;
    }

    private static PartitionedRateLimiter<string>? Create(int perMinute)
    {
        if (perMinute == 0)
        {
            return null;
        }
        var options = new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(5, perMinute / 4),
            TokensPerPeriod = Math.Max(1, perMinute / 60),
            ReplenishmentPeriod = perMinute >= 60 ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(60.0 / perMinute),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        return PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetTokenBucketLimiter(address, _ => options));
    }

    private static int PerMinute(IConfiguration configuration, string key, int fallback) =>
        configuration[key] is not { Length: > 0 } text ? fallback
        : int.TryParse(text, out var value) && value >= 0 ? value
        : throw new InvalidOperationException($"{key} must be a whole number of requests per minute (0 turns the limit off), not '{text}'.");

    public void Dispose()
    {
        _token?.Dispose();
        _registration?.Dispose();
        _login?.Dispose();
    }
}
