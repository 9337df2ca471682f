using System.Collections.Concurrent;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace McpGateway.ServiceDefaults.Authentication;

/// <summary>
/// HTTP Basic is password guessing's other door, so it is held to the sign-in API's rules, in every service that accepts it:
/// <list type="bullet">
/// <item>failed Basic attempts per client address (`LOGIN_RATE_LIMIT_PER_MINUTE`, default 10) and in total
/// (`LOGIN_RATE_LIMIT_GLOBAL_PER_MINUTE`, default 600) per one-minute window; past either, every Basic attempt from that
/// address (or from anyone) is answered 429 until the window ends, right password or not. Only failures count: a script
/// using the right credentials for every call is never slowed down. 0 turns a limit off.</item>
/// <item>the configured BASIC_AUTH_USER pair locks like an account: `MAX_FAILED_LOGIN_ATTEMPTS` (default 5) consecutive
/// failures for that user name refuse it for `ACCOUNT_LOCKOUT_DURATION_MINUTES` (default 30), whatever the password.
/// Accounts checked by the auth service (email and password) lock in its user table instead.</item>
/// </list>
/// The counts live in each process: with several replicas, each holds its own, so the limits apply per replica.
/// </summary>
public sealed class BasicAuthenticationThrottle : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly PartitionedRateLimiter<string>? _perAddress;
    private readonly RateLimiter? _global;
    private readonly TokenAuthenticationOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset? LockedUntil)> _configuredUser = new(StringComparer.Ordinal);

    public BasicAuthenticationThrottle(IOptions<TokenAuthenticationOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        if (_options.LoginRateLimitPerMinute > 0)
        {
            var perMinute = _options.LoginRateLimitPerMinute;
            _perAddress = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => Fixed(perMinute)));
        }
        if (_options.LoginRateLimitGlobalPerMinute > 0)
        {
            _global = new FixedWindowRateLimiter(Fixed(_options.LoginRateLimitGlobalPerMinute));
        }
    }

    /// <summary>Seconds until this address may try Basic again, or null when it may now.</summary>
    public int? RetryAfterSeconds(IPAddress? address)
    {
        var exhausted = _perAddress?.GetStatistics(Key(address)) is { CurrentAvailablePermits: <= 0 }
            || _global?.GetStatistics() is { CurrentAvailablePermits: <= 0 };
        // A fixed window refills at its end; a minute is the honest upper bound.
        return exhausted ? (int)Window.TotalSeconds : null;
    }

    /// <summary>Whether the configured pair's user name is locked out now.</summary>
    public bool IsLocked(string userName) =>
        _configuredUser.TryGetValue(userName, out var state) && state.LockedUntil > _time.GetUtcNow();

    /// <summary>Counts a failed attempt against the address, the global window and, for the configured user name, its lockout.</summary>
    public void RecordFailure(IPAddress? address, string userName)
    {
        _perAddress?.AttemptAcquire(Key(address)).Dispose();
        _global?.AttemptAcquire().Dispose();
        if (IsConfiguredUser(userName))
        {
            var now = _time.GetUtcNow();
            _configuredUser.AddOrUpdate(userName, (1, null), (_, state) =>
            {
                var failures = state.LockedUntil <= now ? 1 : state.Failures + 1;
                return (failures, failures >= _options.MaxFailedLoginAttempts ? now + _options.LockoutDuration : state.LockedUntil);
            });
        }
    }

    /// <summary>A success ends the configured user name's run of failures.</summary>
    public void RecordSuccess(string userName) => _configuredUser.TryRemove(userName, out _);

    private bool IsConfiguredUser(string userName) => _options.BasicAuthUser is { } configured && string.Equals(userName, configured, StringComparison.Ordinal);

    private static string Key(IPAddress? address) => address?.ToString() ?? "unknown";

    private static FixedWindowRateLimiterOptions Fixed(int permits) =>
        new() { PermitLimit = permits, Window = Window, QueueLimit = 0, AutoReplenishment = true };

    public void Dispose()
    {
        _perAddress?.Dispose();
        _global?.Dispose();
    }
}
