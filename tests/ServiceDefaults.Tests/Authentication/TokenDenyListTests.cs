using McpGateway.ServiceDefaults.Authentication;

namespace McpGateway.ServiceDefaults.Tests.Authentication;

public sealed class TokenDenyListTests
{
    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private readonly ManualClock _clock = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_revoked_jti_is_refused_until_its_token_has_expired_beyond_any_clock_skew_then_forgotten()
    {
        var list = new TokenDenyList(_clock);
        list.Revoke("abc", _clock.Now.AddMinutes(10));

        Assert.True(list.IsRevoked("abc"));
        Assert.False(list.IsRevoked("abd"));

        _clock.Now = _clock.Now.AddMinutes(10).AddSeconds(30);
        Assert.True(list.IsRevoked("abc"));

        _clock.Now = _clock.Now + TokenDenyList.RetentionAfterExpiry;
        Assert.False(list.IsRevoked("abc"));
        Assert.Equal(0, list.Count);
    }

    [Fact]
    public void Expired_entries_are_swept_as_new_revocations_arrive()
    {
        var list = new TokenDenyList(_clock);
        for (var i = 0; i < 100; i++)
        {
            list.Revoke($"old-{i}", _clock.Now.AddMinutes(1));
        }

        _clock.Now = _clock.Now.AddHours(1);
        list.Revoke("new", _clock.Now.AddMinutes(1));

        Assert.Equal(1, list.Count);
    }

    [Fact]
    public void A_token_that_never_expires_stays_revoked()
    {
        var list = new TokenDenyList(_clock);
        list.Revoke("forever", DateTimeOffset.MaxValue);

        _clock.Now = _clock.Now.AddYears(100);

        Assert.True(list.IsRevoked("forever"));
    }
}
