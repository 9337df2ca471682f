using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using McpGateway.Auth.Model;
using Microsoft.IdentityModel.JsonWebTokens;

namespace McpGateway.Auth.Tests;

/// <summary>`POST /auth/email/login`: tokens, uniform failures, lockout, the event log, the rate limit.</summary>
public abstract partial class AuthServiceTests
{
    [Fact]
    public async Task Login_returns_a_bearer_access_token_and_the_account()
    {
        var user = await factory.CreateUserAsync(fullName: "Ada Lovelace");
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/auth/email/login", new { email = user.Email, password = AuthFactory.UserPassword }, Cancel);

        var body = await HttpAssert.JsonAsync(response);
        Assert.Equal("bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(3600, body.GetProperty("expires_in").GetInt32());
        var account = body.GetProperty("user");
        Assert.Equal(user.Email, account.GetProperty("email").GetString());
        Assert.Equal("Ada Lovelace", account.GetProperty("full_name").GetString());
        Assert.False(account.GetProperty("is_admin").GetBoolean());
        Assert.True(account.GetProperty("is_active").GetBoolean());
        Assert.Equal("local", account.GetProperty("auth_provider").GetString());
        Assert.True(account.GetProperty("created_at").GetDateTime() > DateTime.UtcNow.AddMinutes(-5));
        Assert.True(account.GetProperty("last_login_at").GetDateTime() > DateTime.UtcNow.AddMinutes(-5));

        var token = new JsonWebToken(body.GetProperty("access_token").GetString());
        Assert.Equal(user.Email, token.Subject);
        Assert.Equal(["mcpgateway-api"], token.Audiences);
        Assert.False(string.IsNullOrEmpty(token.Id));
    }

    [Fact]
    public async Task Login_with_an_email_in_another_case_signs_in_the_same_account()
    {
        var user = await factory.CreateUserAsync();
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/auth/email/login", new { email = "  " + user.Email.ToUpperInvariant(), password = AuthFactory.UserPassword }, Cancel);

        Assert.Equal(user.Email, (await HttpAssert.JsonAsync(response)).GetProperty("user").GetProperty("email").GetString());
    }

    [Fact]
    public async Task A_failed_login_is_a_401_with_the_same_detail_for_an_unknown_email_a_wrong_password_and_a_locked_account()
    {
        var wrongPassword = await factory.CreateUserAsync();
        var locked = await factory.CreateUserAsync();
        await factory.WithDbAsync(async db =>
        {
            (await db.Users.FindAsync([locked.Email], Cancel))!.LockedUntil = DateTime.UtcNow.AddMinutes(30);
            return await db.SaveChangesAsync(Cancel);
        });
        using var client = factory.CreateClient();

        var details = new List<string>();
        foreach (var (email, password) in new[]
                 {
                     (AuthFactory.NewEmail("nobody"), AuthFactory.UserPassword),
                     (wrongPassword.Email, "not-the-password"),
                     (locked.Email, AuthFactory.UserPassword), // the right password, but locked
                 })
        {
            using var response = await client.PostAsJsonAsync("/auth/email/login", new { email, password }, Cancel);
            var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
            Assert.Contains("Bearer", response.Headers.WwwAuthenticate.Select(h => h.Scheme));
            Assert.False(problem.TryGetProperty("access_token", out _));
            details.Add(problem.Detail());
        }

        Assert.Single(details.Distinct());
        Assert.Equal("Invalid email or password.", details[0]);
    }

    [Fact]
    public async Task Five_failures_in_a_row_lock_the_account_so_the_sixth_attempt_fails_even_with_the_right_password_and_every_attempt_is_logged()
    {
        var user = await factory.CreateUserAsync();
        using var client = factory.CreateClient();
        // As the gateway tells the service who is calling (no test server connection has an address of its own).
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            using var failed = await client.PostAsJsonAsync("/auth/email/login", new { email = user.Email, password = $"wrong-{attempt}" }, Cancel);
            await HttpAssert.ProblemAsync(failed, HttpStatusCode.Unauthorized);
        }
        using var sixth = await client.PostAsJsonAsync("/auth/email/login", new { email = user.Email, password = AuthFactory.UserPassword }, Cancel);
        await HttpAssert.ProblemAsync(sixth, HttpStatusCode.Unauthorized);

        var events = await AdminEventsAsync(user.Email);
        var failures = events.Where(e => e.GetProperty("event_type").GetString() == AuthEventTypes.LoginFailure).ToList();
        Assert.Equal(6, failures.Count);
        Assert.Equal(5, failures.Count(e => e.GetProperty("failure_reason").GetString() == "wrong password"));
        Assert.Equal("account locked", failures[0].GetProperty("failure_reason").GetString()); // newest first: the sixth
        var locked = Assert.Single(events, e => e.GetProperty("event_type").GetString() == AuthEventTypes.AccountLocked);
        Assert.All(failures.Append(locked), e =>
        {
            Assert.False(e.GetProperty("success").GetBoolean());
            Assert.Equal("203.0.113.7", e.GetProperty("ip_address").GetString());
        });
        Assert.DoesNotContain(events, e => e.GetProperty("event_type").GetString() == AuthEventTypes.LoginSuccess);
    }

    [Fact]
    public async Task A_successful_login_resets_the_count_of_failures()
    {
        var user = await factory.CreateUserAsync();
        using var client = factory.CreateClient();

        for (var round = 0; round < 2; round++)
        {
            for (var attempt = 0; attempt < 4; attempt++)
            {
                using var failed = await client.PostAsJsonAsync("/auth/email/login", new { email = user.Email, password = "wrong-password" }, Cancel);
                Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
            }
            // Eight failures in all, never five in a row: the account never locks.
            using var success = await client.PostAsJsonAsync("/auth/email/login", new { email = user.Email, password = AuthFactory.UserPassword }, Cancel);
            await HttpAssert.JsonAsync(success);
        }
        Assert.DoesNotContain(await AdminEventsAsync(user.Email), e => e.GetProperty("event_type").GetString() == AuthEventTypes.AccountLocked);
    }

    [Fact]
    public async Task A_login_logs_the_success_and_the_token_it_issued()
    {
        var user = await factory.CreateUserAsync();

        var token = new JsonWebToken(await factory.SignInAsync(user.Email, AuthFactory.UserPassword));

        var events = await AdminEventsAsync(user.Email);
        Assert.Contains(events, e => e.GetProperty("event_type").GetString() == AuthEventTypes.LoginSuccess && e.GetProperty("success").GetBoolean());
        var issued = Assert.Single(events, e => e.GetProperty("event_type").GetString() == AuthEventTypes.TokenIssued);
        Assert.Equal(token.Id, JsonDocument.Parse(issued.GetProperty("details").GetString()!).RootElement.GetProperty("jti").GetString());
    }

    [Theory]
    [InlineData("{\"email\": \"a@example.com\"}", "password")]
    [InlineData("{\"password\": \"whatever-it-is\"}", "email")]
    [InlineData("{\"email\": \"\", \"password\": \"\"}", "email")]
    public async Task Login_without_an_email_or_password_is_a_400_naming_the_field(string json, string field)
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/auth/email/login", HttpAssert.RawJson(json), Cancel);

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Theory]
    [InlineData("{\"email\": ")]
    [InlineData("not json at all")]
    [InlineData("{\"email\": 42, \"password\": []}")]
    [InlineData("")]
    public async Task Login_with_malformed_JSON_or_no_body_is_a_400_problem(string body)
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/auth/email/login", HttpAssert.RawJson(body), Cancel);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Logins_beyond_the_per_address_rate_limit_get_429_with_Retry_After()
    {
        await using var limited = factory.WithSettings(("LOGIN_RATE_LIMIT_PER_MINUTE", "3"));
        using var client = limited.CreateClient();
        var body = new { email = AuthFactory.NewEmail(), password = "wrong-password" };

        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var allowed = await client.PostAsJsonAsync("/auth/email/login", body, Cancel);
            Assert.Equal(HttpStatusCode.Unauthorized, allowed.StatusCode);
        }
        using var refused = await client.PostAsJsonAsync("/auth/email/login", body, Cancel);
        using var otherClient = limited.CreateClient();
        otherClient.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.23");
        using var fromElsewhere = await otherClient.PostAsJsonAsync("/auth/email/login", body, Cancel);

        var problem = await HttpAssert.ProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Contains("try again", problem.Detail());
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After");
        Assert.Equal(HttpStatusCode.Unauthorized, fromElsewhere.StatusCode); // another address has its own allowance
    }

    [Fact]
    public async Task With_email_auth_disabled_login_and_register_are_404_problems()
    {
        await using var disabled = factory.WithSettings(("EMAIL_AUTH_ENABLED", "false"), ("PUBLIC_REGISTRATION_ENABLED", "true"));
        using var client = disabled.CreateClient();

        using var login = await client.PostAsJsonAsync("/auth/email/login", new { email = AuthFactory.AdminEmail, password = AuthFactory.AdminPassword }, Cancel);
        using var register = await client.PostAsJsonAsync("/auth/email/register", new { email = AuthFactory.NewEmail(), password = AuthFactory.UserPassword }, Cancel);

        Assert.Contains("EMAIL_AUTH_ENABLED", (await HttpAssert.ProblemAsync(login, HttpStatusCode.NotFound)).Detail());
        await HttpAssert.ProblemAsync(register, HttpStatusCode.NotFound);
    }

    /// <summary>The account's events through the admin API (as the configured Basic admin), newest first.</summary>
    private async Task<List<JsonElement>> AdminEventsAsync(string email)
    {
        using var admin = factory.CreateBasicClient(AuthFactory.BasicUser, AuthFactory.BasicPassword);
        using var response = await admin.GetAsync($"/auth/email/admin/events?user_email={Uri.EscapeDataString(email)}&limit=1000", Cancel);
        return [.. (await HttpAssert.JsonAsync(response)).EnumerateArray()];
    }
}
