using System.Collections.Concurrent;

namespace McpGateway.ServiceDefaults.Authentication;

/// <summary>
/// What is refused although correctly signed, checked on every bearer validation:
/// <list type="bullet">
/// <item>the `jti`s of revoked tokens that have not yet expired (the `TokenRevoked` event, and the auth service itself);</item>
/// <item>every token of a user (`sub`) issued before a time: the user was deactivated or deleted (`UserDeactivated`,
/// `UserDeleted`); tokens issued after it (a reactivated user's new ones) are accepted.</item>
/// </list>
/// An entry is kept a little past the last expiry it covers (beyond any clock skew the validator tolerates), then
/// dropped: by then the token is refused for having expired, so the list holds only what could still be used.
/// </summary>
public sealed class TokenDenyList(TimeProvider time)
{
    /// <summary>How long a user's tokens can live (API tokens: a year at most), so how long a user revocation must be kept.</summary>
    public static readonly TimeSpan LongestTokenLifetime = TimeSpan.FromDays(366);

    /// <summary>How long an entry outlives its token: more than the validator's clock skew.</summary>
    public static readonly TimeSpan RetentionAfterExpiry = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan PurgeInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _revoked = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SubjectRevocation> _subjects = new(StringComparer.OrdinalIgnoreCase);

    private sealed record SubjectRevocation(DateTimeOffset IssuedBefore, DateTimeOffset KeepUntil);
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

    /// <summary>
    /// Refuses every token of <paramref name="subject"/> (its `sub`, the user's email) issued before
    /// <paramref name="issuedBefore"/>, until <paramref name="keepUntil"/> (when the last of them has expired). A later
    /// call can only move <paramref name="issuedBefore"/> forward.
    /// </summary>
    public void RevokeSubject(string subject, DateTimeOffset issuedBefore, DateTimeOffset keepUntil)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        var entry = new SubjectRevocation(issuedBefore, keepUntil);
        _subjects.AddOrUpdate(subject, entry, (_, existing) => new SubjectRevocation(
            existing.IssuedBefore > issuedBefore ? existing.IssuedBefore : issuedBefore,
            existing.KeepUntil > keepUntil ? existing.KeepUntil : keepUntil));
        PurgeIfDue();
    }

    /// <summary>
    /// True when the token is refused: its <paramref name="jti"/> was revoked, or it was issued (`iat`,
    /// <paramref name="issuedAt"/>; null when absent, which counts as issued before any revocation) to a
    /// <paramref name="subject"/> whose earlier tokens are revoked. `iat` has whole seconds, so a token issued in the
    /// same second as a deactivation is refused too: never the other way round.
    /// </summary>
    public bool IsRevoked(string? jti, string? subject, DateTimeOffset? issuedAt)
    {
        if (!string.IsNullOrEmpty(jti) && IsRevoked(jti))
        {
            return true;
        }
        if (_subjects.IsEmpty || string.IsNullOrEmpty(subject) || !_subjects.TryGetValue(subject, out var revocation))
        {
            return false;
        }
        if (revocation.KeepUntil <= time.GetUtcNow())
        {
            _subjects.TryRemove(new KeyValuePair<string, SubjectRevocation>(subject, revocation));
            return false;
        }
        return issuedAt is not { } issued || issued < revocation.IssuedBefore.AddTicks(-(revocation.IssuedBefore.UtcTicks % TimeSpan.TicksPerSecond)).AddSeconds(1);
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
        foreach (var entry in _subjects)
        {
            if (entry.Value.KeepUntil <= now)
            {
                _subjects.TryRemove(entry);
            }
        }
    }
}
