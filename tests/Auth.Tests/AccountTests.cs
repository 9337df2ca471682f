using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using McpGateway.Auth.Model;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Auth.Tests;

/// <summary>Registration and the caller's own account: `/auth/email/register`, `/me`, `/change-password`, `/events`.</summary>
public abstract partial class AuthServiceTests
{
    [Fact]
    public async Task Registration_is_disabled_by_default()
    {
        using var client = factory.CreateClient();
        var email = AuthFactory.NewEmail();

        using var response = await client.PostAsJsonAsync("/auth/email/register", new { email, password = AuthFactory.UserPassword, full_name = "Eve" }, Cancel);

        Assert.Contains("PUBLIC_REGISTRATION_ENABLED", (await HttpAssert.ProblemAsync(response, HttpStatusCode.Forbidden)).Detail());
        Assert.False(await factory.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email, Cancel)));
    }

    [Fact]
    public async Task Registration_when_enabled_creates_the_account_with_its_UserCreated_event_and_signs_it_in()
    {
        await using var open = factory.WithSettings(("PUBLIC_REGISTRATION_ENABLED", "true"));
        using var client = open.CreateClient();
        var email = AuthFactory.NewEmail("new");

        using var response = await client.PostAsJsonAsync("/auth/email/register", new { email, password = AuthFactory.UserPassword, full_name = "Grace Hopper" }, Cancel);

        var body = await HttpAssert.JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal("bearer", body.GetProperty("token_type").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("access_token").GetString()));
        Assert.Equal(email, body.GetProperty("user").GetProperty("email").GetString());
        Assert.Equal("Grace Hopper", body.GetProperty("user").GetProperty("full_name").GetString());
        Assert.False(body.GetProperty("user").GetProperty("is_admin").GetBoolean());

        var (user, messages) = await factory.WithDbAsync(async db => (
            await db.Users.SingleAsync(u => u.Email == email, Cancel),
            await db.Set<ServiceDefaults.Messaging.OutboxMessage>().Where(m => m.Payload.Contains(email)).ToListAsync(Cancel)));
        var message = Assert.Single(messages);
        Assert.Equal("McpGateway.Contracts.UserCreated", message.Type);
        Assert.Equal(email, JsonDocument.Parse(message.Payload).RootElement.GetProperty("email").GetString());
        Assert.False(user.IsAdmin);
        // Relayed (DispatchedAt set) by the outbox relay within moments; the row stays for the retention period.
    }

    [Fact]
    public async Task Registering_an_address_that_has_an_account_is_a_409_and_changes_nothing()
    {
        var existing = await factory.CreateUserAsync();
        await using var open = factory.WithSettings(("PUBLIC_REGISTRATION_ENABLED", "true"));
        using var client = open.CreateClient();

        using var response = await client.PostAsJsonAsync("/auth/email/register",
            new { email = existing.Email.ToUpperInvariant(), password = "another-password", full_name = "Mallory" }, Cancel);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Conflict);
        var (fullName, outbox) = await factory.WithDbAsync(async db => (
            (await db.Users.SingleAsync(u => u.Email == existing.Email, Cancel)).FullName,
            await db.Set<ServiceDefaults.Messaging.OutboxMessage>().CountAsync(m => m.Payload.Contains(existing.Email), Cancel)));
        Assert.Equal("Test User", fullName);
        Assert.Equal(1, outbox);
    }

    [Theory]
    [InlineData("not-an-email", "long-enough-password", "email")]
    [InlineData("valid@example.com", "short", "password")]
    [InlineData(null, "long-enough-password", "email")]
    public async Task Registration_with_a_bad_email_or_password_is_a_400_naming_the_field(string? email, string password, string field)
    {
        await using var open = factory.WithSettings(("PUBLIC_REGISTRATION_ENABLED", "true"));
        using var client = open.CreateClient();

        using var response = await client.PostAsJsonAsync("/auth/email/register", new { email, password }, Cancel);

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Me_returns_the_signed_in_account()
    {
        var user = await factory.CreateUserAsync(fullName: "Alan Turing");
        using var client = factory.CreateClient(await factory.SignInAsync(user.Email, AuthFactory.UserPassword));

        var me = await HttpAssert.JsonAsync(await client.GetAsync("/auth/email/me", Cancel));

        Assert.Equal(user.Email, me.GetProperty("email").GetString());
        Assert.Equal("Alan Turing", me.GetProperty("full_name").GetString());
        Assert.False(me.TryGetProperty("password_hash", out _));
    }

    [Fact]
    public async Task Me_without_credentials_is_a_401_with_a_Bearer_challenge()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/auth/email/me", Cancel);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.Select(h => h.Scheme));
    }

    [Fact]
    public async Task Changing_the_password_needs_the_current_one_and_then_only_the_new_one_signs_in()
    {
        var user = await factory.CreateUserAsync();
        using var client = factory.CreateClient(await factory.SignInAsync(user.Email, AuthFactory.UserPassword));

        using var wrong = await client.PostAsJsonAsync("/auth/email/change-password", new { old_password = "not-it-at-all", new_password = "brand-new-password" }, Cancel);
        using var changed = await client.PostAsJsonAsync("/auth/email/change-password", new { old_password = AuthFactory.UserPassword, new_password = "brand-new-password" }, Cancel);

        await HttpAssert.ProblemAsync(wrong, HttpStatusCode.BadRequest);
        Assert.True((await HttpAssert.JsonAsync(changed)).GetProperty("success").GetBoolean());
        using var anonymous = factory.CreateClient();
        using var oldLogin = await anonymous.PostAsJsonAsync("/auth/email/login", new { email = user.Email, password = AuthFactory.UserPassword }, Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, oldLogin.StatusCode);
        await factory.SignInAsync(user.Email, "brand-new-password");

        var events = await HttpAssert.JsonAsync(await client.GetAsync("/auth/email/events", Cancel));
        Assert.Contains(events.EnumerateArray(), e => e.GetProperty("event_type").GetString() == AuthEventTypes.PasswordChanged && e.GetProperty("success").GetBoolean());
    }

    [Theory]
    [InlineData("{\"old_password\": \"user-password-1\"}")]
    [InlineData("{\"old_password\": \"user-password-1\", \"new_password\": \"short\"}")]
    [InlineData("{\"old_password\": \"user-password-1\", \"new_password\": \"user-password-1\"}")]
    [InlineData("{\"old_password\": ")]
    public async Task Change_password_with_missing_or_unacceptable_fields_is_a_400_and_keeps_the_password(string json)
    {
        var user = await factory.CreateUserAsync();
        using var client = factory.CreateClient(await factory.SignInAsync(user.Email, AuthFactory.UserPassword));

        using var response = await client.PostAsync("/auth/email/change-password", HttpAssert.RawJson(json), Cancel);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        await factory.SignInAsync(user.Email, AuthFactory.UserPassword);
    }

    [Fact]
    public async Task Events_are_the_caller_s_own_newest_first_and_paged()
    {
        var user = await factory.CreateUserAsync();
        var other = await factory.CreateUserAsync();
        await factory.SignInAsync(other.Email, AuthFactory.UserPassword);
        using var client = factory.CreateClient(await factory.SignInAsync(user.Email, AuthFactory.UserPassword));

        var all = (await HttpAssert.JsonAsync(await client.GetAsync("/auth/email/events", Cancel))).EnumerateArray().ToList();
        var second = (await HttpAssert.JsonAsync(await client.GetAsync("/auth/email/events?skip=1&limit=1", Cancel))).EnumerateArray().ToList();

        Assert.All(all, e => Assert.Equal(user.Email, e.GetProperty("user_email").GetString()));
        Assert.Equal(["token_issued", "login_success", "account_created"], all.Select(e => e.GetProperty("event_type").GetString()));
        Assert.Equal(all[1].GetProperty("id").GetInt64(), Assert.Single(second).GetProperty("id").GetInt64());
    }

    [Theory]
    [InlineData("?limit=0")]
    [InlineData("?limit=100000")]
    [InlineData("?skip=-1")]
    [InlineData("?limit=ten")]
    public async Task Events_with_a_bad_skip_or_limit_are_a_400(string query)
    {
        var user = await factory.CreateUserAsync();
        using var client = factory.CreateClient(await factory.SignInAsync(user.Email, AuthFactory.UserPassword));

        using var response = await client.GetAsync("/auth/email/events" + query, Cancel);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
    }
}
