using System.Net;
using static McpGateway.ServiceDefaults.Tests.Authentication.AuthenticationAssert;

namespace McpGateway.ServiceDefaults.Tests.Authentication;

/// <summary>
/// HTTP Basic under the sign-in API's rate limits and lockout, in every service that accepts it: guessing the configured
/// pair's password, or passwords across many users, is as slow through Basic as through the login API.
/// </summary>
public sealed class BasicAuthenticationThrottleTests
{
    private static readonly (string, string?)[] Pair = [("BASIC_AUTH_USER", "admin"), ("BASIC_AUTH_PASSWORD", "changeme")];

    [Fact]
    public async Task Forty_wrong_guesses_at_the_configured_pair_get_429_after_the_per_address_limit_and_then_so_does_the_right_password()
    {
        await using var auth = await FakeAuthServer.StartAsync(ProtectedApp.Issuer);
        await using var app = await ProtectedApp.StartAsync(auth, [.. Pair, ("LOGIN_RATE_LIMIT_PER_MINUTE", "10"), ("MAX_FAILED_LOGIN_ATTEMPTS", "1000")]);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 40; i++)
        {
            using var guess = await app.GetWithBasicAsync("/whoami", "admin", $"guess-{i}");
            statuses.Add(guess.StatusCode);
        }
        using var right = await app.GetWithBasicAsync("/whoami", "admin", "changeme");

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 10), statuses.Take(10));
        Assert.All(statuses.Skip(10), status => Assert.Equal(HttpStatusCode.TooManyRequests, status));
        await ProblemAsync(right, 429);
        Assert.True(right.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task Guesses_across_many_user_names_count_against_the_address()
    {
        await using var auth = await FakeAuthServer.StartAsync(ProtectedApp.Issuer);
        await using var app = await ProtectedApp.StartAsync(auth, [.. Pair, ("LOGIN_RATE_LIMIT_PER_MINUTE", "10")]);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            using var guess = await app.GetWithBasicAsync("/whoami", $"user{i}@example.com", "password-guess");
            statuses.Add(guess.StatusCode);
        }

        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(20, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task The_global_limit_stops_guesses_spread_over_addresses()
    {
        await using var auth = await FakeAuthServer.StartAsync(ProtectedApp.Issuer);
        await using var app = await ProtectedApp.StartAsync(auth, [.. Pair, ("LOGIN_RATE_LIMIT_PER_MINUTE", "0"), ("LOGIN_RATE_LIMIT_GLOBAL_PER_MINUTE", "5")]);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            using var guess = await app.GetWithBasicAsync("/whoami", $"user{i}", "password-guess");
            statuses.Add(guess.StatusCode);
        }

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task The_configured_pair_locks_after_consecutive_failures_whatever_the_password_then()
    {
        await using var auth = await FakeAuthServer.StartAsync(ProtectedApp.Issuer);
        await using var app = await ProtectedApp.StartAsync(auth, [.. Pair, ("LOGIN_RATE_LIMIT_PER_MINUTE", "0"), ("MAX_FAILED_LOGIN_ATTEMPTS", "3")]);

        using var beforeLock = await app.GetWithBasicAsync("/whoami", "admin", "changeme");
        for (var i = 0; i < 3; i++)
        {
            (await app.GetWithBasicAsync("/whoami", "admin", $"guess-{i}")).Dispose();
        }
        using var locked = await app.GetWithBasicAsync("/whoami", "admin", "changeme");

        Assert.Equal(HttpStatusCode.OK, beforeLock.StatusCode);
        // The same answer as a wrong password: the lockout tells a guesser nothing.
        await UnauthorizedAsync(locked, "Bearer", "The user name or password is incorrect.");
    }

    [Fact]
    public async Task Right_credentials_are_never_throttled()
    {
        await using var auth = await FakeAuthServer.StartAsync(ProtectedApp.Issuer);
        await using var app = await ProtectedApp.StartAsync(auth, [.. Pair, ("LOGIN_RATE_LIMIT_PER_MINUTE", "2"), ("MAX_FAILED_LOGIN_ATTEMPTS", "2")]);

        for (var i = 0; i < 30; i++)
        {
            using var call = await app.GetWithBasicAsync("/whoami", "admin", "changeme");
            Assert.Equal(HttpStatusCode.OK, call.StatusCode);
        }
    }

    [Theory]
    [InlineData("ad\0min")]
    [InlineData("admin\u0001")]
    public async Task A_user_name_with_a_control_character_is_malformed_credentials(string userName)
    {
        await using var auth = await FakeAuthServer.StartAsync(ProtectedApp.Issuer);
        await using var app = await ProtectedApp.StartAsync(auth, Pair);

        using var response = await app.GetWithBasicAsync("/whoami", userName, "changeme");

        await UnauthorizedAsync(response, "Bearer", "The Basic credentials are malformed: expected base64 of user:password.");
    }
}
