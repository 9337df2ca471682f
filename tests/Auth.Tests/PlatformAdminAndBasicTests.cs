using System.Net;
using System.Net.Http.Json;
using McpGateway.Auth.Model;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Auth.Tests;

/// <summary>The platform admin made sure of at start-up, and HTTP Basic (the configured pair, and email + password).</summary>
public abstract partial class AuthServiceTests
{
    [Fact]
    public async Task The_platform_admin_exists_at_start_as_an_active_administrator_with_the_configured_password()
    {
        using var client = factory.CreateClient(await factory.SignInAsync(AuthFactory.AdminEmail, AuthFactory.AdminPassword));

        var me = await HttpAssert.JsonAsync(await client.GetAsync("/auth/email/me", Cancel));

        Assert.Equal(AuthFactory.AdminEmail, me.GetProperty("email").GetString());
        Assert.True(me.GetProperty("is_admin").GetBoolean());
        Assert.True(me.GetProperty("is_active").GetBoolean());
        Assert.Equal("Platform Administrator", me.GetProperty("full_name").GetString());
    }

    [Fact]
    public async Task A_restart_keeps_the_admin_s_password_and_gives_back_its_rights()
    {
        using (factory.CreateClient()) { } // the first host has made sure of the admin
        await factory.WithDbAsync(db => db.Users.Where(u => u.Email == AuthFactory.AdminEmail)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.IsAdmin, false).SetProperty(u => u.IsActive, false), Cancel));

        await using (var restarted = factory.WithSettings(("PLATFORM_ADMIN_PASSWORD", "a-different-password")))
        {
            using var client = restarted.CreateClient(); // starts the host: the bootstrap runs before it serves
            using var withNew = await client.PostAsJsonAsync("/auth/email/login", new { email = AuthFactory.AdminEmail, password = "a-different-password" }, Cancel);
            using var withOriginal = await client.PostAsJsonAsync("/auth/email/login", new { email = AuthFactory.AdminEmail, password = AuthFactory.AdminPassword }, Cancel);

            Assert.Equal(HttpStatusCode.Unauthorized, withNew.StatusCode);
            Assert.True((await HttpAssert.JsonAsync(withOriginal)).GetProperty("user").GetProperty("is_admin").GetBoolean());
        }

        var (admin, created) = await factory.WithDbAsync(async db => (
            await db.Users.AsNoTracking().SingleAsync(u => u.Email == AuthFactory.AdminEmail, Cancel),
            await db.AuthEvents.CountAsync(e => e.UserEmail == AuthFactory.AdminEmail && e.EventType == AuthEventTypes.AccountCreated, Cancel)));
        Assert.True(admin is { IsAdmin: true, IsActive: true });
        Assert.Equal(1, created);
    }

    [Fact]
    public async Task Replicas_starting_at_once_create_the_platform_admin_once()
    {
        var email = AuthFactory.NewEmail("replicated-admin");
        var replicas = Enumerable.Range(0, 4).Select(_ => factory.WithSettings(("PLATFORM_ADMIN_EMAIL", email))).ToList();
        try
        {
            // Each CreateClient starts a host; started together, their bootstraps race for the same insert.
            var clients = await Task.WhenAll(replicas.Select(r => Task.Run(r.CreateClient, Cancel)));
            foreach (var client in clients)
            {
                await HttpAssert.JsonAsync(await client.GetAsync("/health", Cancel));
                client.Dispose();
            }
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
        }

        var (accounts, outbox) = await factory.WithDbAsync(async db => (
            await db.Users.CountAsync(u => u.Email == email && u.IsAdmin, Cancel),
            await db.Set<ServiceDefaults.Messaging.OutboxMessage>().CountAsync(m => m.Payload.Contains(email), Cancel)));
        Assert.Equal(1, accounts);
        Assert.Equal(1, outbox);
        await factory.SignInAsync(email, AuthFactory.AdminPassword);
    }

    [Fact]
    public async Task With_email_auth_disabled_the_platform_admin_is_created_without_a_password_and_none_is_needed()
    {
        var email = AuthFactory.NewEmail("sso-admin");
        await using (var ssoOnly = factory.WithSettings(("EMAIL_AUTH_ENABLED", "false"), ("PLATFORM_ADMIN_EMAIL", email), ("PLATFORM_ADMIN_PASSWORD", null)))
        {
            using var client = ssoOnly.CreateClient();
            await HttpAssert.JsonAsync(await client.GetAsync("/health", Cancel));
        }

        var admin = await factory.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == email, Cancel));
        Assert.True(admin is { IsAdmin: true, IsActive: true, PasswordHash: null });
    }

    [Fact]
    public async Task Basic_with_the_configured_pair_is_the_platform_admin()
    {
        using var client = factory.CreateBasicClient("admin", "changeme");

        var me = await HttpAssert.JsonAsync(await client.GetAsync("/auth/email/me", Cancel));

        Assert.Equal(AuthFactory.AdminEmail, me.GetProperty("email").GetString());
        Assert.True(me.GetProperty("is_admin").GetBoolean());
    }

    [Fact]
    public async Task Basic_with_an_account_s_email_and_password_signs_in_that_account()
    {
        var user = await factory.CreateUserAsync();
        using var client = factory.CreateBasicClient(user.Email, AuthFactory.UserPassword);

        var me = await HttpAssert.JsonAsync(await client.GetAsync("/auth/email/me", Cancel));

        Assert.Equal(user.Email, me.GetProperty("email").GetString());
        Assert.False(me.GetProperty("is_admin").GetBoolean());
    }

    [Fact]
    public async Task Basic_with_a_wrong_password_is_a_401_and_counts_as_a_failed_login()
    {
        var user = await factory.CreateUserAsync();
        using var client = factory.CreateBasicClient(user.Email, "not-the-password");

        using var response = await client.GetAsync("/auth/email/me", Cancel);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("Basic", response.Headers.WwwAuthenticate.Select(h => h.Scheme));
        Assert.Equal(1, await factory.WithDbAsync(async db => (await db.Users.SingleAsync(u => u.Email == user.Email, Cancel)).FailedLoginAttempts));
    }

    [Fact]
    public async Task With_API_ALLOW_BASIC_AUTH_false_Basic_credentials_are_refused()
    {
        var user = await factory.CreateUserAsync();
        await using var noBasic = factory.WithSettings(("API_ALLOW_BASIC_AUTH", "false"));

        foreach (var (name, password) in new[] { ("admin", "changeme"), (user.Email, AuthFactory.UserPassword) })
        {
            using var client = CreateBasicClient(noBasic, name, password);
            using var response = await client.GetAsync("/auth/email/me", Cancel);
            await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
            Assert.DoesNotContain("Basic", response.Headers.WwwAuthenticate.Select(h => h.Scheme));
        }
    }

    private static HttpClient CreateBasicClient(WebApplicationFactory<Program> host, string user, string password)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}")));
        return client;
    }
}
