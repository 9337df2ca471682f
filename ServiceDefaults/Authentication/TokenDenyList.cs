using System.Collections.Concurrent;

namespace McpGateway.ServiceDefaults.Authentication;

/// <summary>
/// The `jti`s of revoked tokens that have not yet expired, checked on every bearer validation. Filled by the auth
/// service when it revokes a token and, everywhere else, by the `TokenRevoked` integration event. An entry is kept a
/// little past the token's expiry (beyond any clock skew the validator tolerates), then dropped: by then the token is
/// refused for having expired, so the list holds only what could still be used.
/// </summary>
public sealed class TokenDenyList(TimeProvider time)
{
    /// <summary>How long an entry outlives its token: more than the validator's clock skew.</summary>
    public static readonly TimeSpan RetentionAfterExpiry = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan PurgeInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _revoked = new(StringComparer.Ordinal);
    private long _nextPurgeTicks;

    /// <summary>How many revoked tokens are remembered now (expired ones may linger until the next purge).</summary>
    public int Count => _revoked.Count;

    /// <summary>Refuses the token with this <paramref name="jti"/> from now until it expires at <paramref name="expiresAt"/>.</summary>
    public void Revoke(string jti, DateTimeOffset expiresAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(jti);
        var keepUntil = expiresAt >= DateTimeOffset.MaxValue - RetentionAfterExpiry ? DateTimeOffset.MaxValue : expiresAt + RetentionAfterExpiry;
        _revoked.AddOrUpdate(jti, keepUntil, (_, existing) => existing > keepUntil ? existing : keepUntil);
        PurgeIfDue();
    }

    /// <summary>True when the token with this `jti` was revoked and has not expired.</summary>
    public bool IsRevoked(string jti)
    {
        if (_revoked.IsEmpty || !_revoked.TryGetValue(jti, out var keepUntil))
        {
            return false;
        }
        if (keepUntil > time.GetUtcNow())
        {
            return true;
        }
        _revoked.TryRemove(new KeyValuePair<string, DateTimeOffset>(jti, keepUntil));
        return false;
    }

    // Revocations are rare next to validations, so the sweep rides on them instead of needing a timer.
    private void PurgeIfDue()
    {
        var now = time.GetUtcNow();
        var due = Interlocked.Read(ref _nextPurgeTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextPurgeTicks, (now + PurgeInterval).UtcTicks, due) != due)
        {
            return;
        }
        foreach (var entry in _revoked)
        {
            if (entry.Value <= now)
            {
                _revoked.TryRemove(entry);
            }
        }
    }
}
