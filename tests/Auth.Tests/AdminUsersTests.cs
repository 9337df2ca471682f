using System.Net;
using System.Net.Http.Json;
using McpGateway.Auth.Model;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Auth.Tests;

/// <summary>`/auth/email/admin`: user administration and the event log, for platform administrators only.</summary>
public abstract partial class AuthServiceTests
{
    private HttpClient AdminClient() => factory.CreateBasicClient(AuthFactory.BasicUser, AuthFactory.BasicPassword);

    [Fact]
    public async Task Admin_endpoints_are_403_problems_for_a_signed_in_user_who_is_not_an_administrator()
    {
        var user = await factory.CreateUserAsync();
        using var client = factory.CreateClient(await factory.SignInAsync(user.Email, AuthFactory.UserPassword));
        var target = Uri.EscapeDataString(AuthFactory.AdminEmail);

        var responses = new List<HttpResponseMessage>
        {
            await client.GetAsync("/auth/email/admin/users", Cancel),
            await client.PostAsJsonAsync("/auth/email/admin/users", new { email = AuthFactory.NewEmail(), password = AuthFactory.UserPassword, is_admin = true }, Cancel),
            await client.GetAsync($"/auth/email/admin/users/{target}", Cancel),
            await client.PutAsJsonAsync($"/auth/email/admin/users/{target}", new { is_admin = false }, Cancel),
            await client.DeleteAsync($"/auth/email/admin/users/{target}", Cancel),
            await client.GetAsync("/auth/email/admin/events", Cancel),
        };

        foreach (var response in responses)
        {
            await HttpAssert.ProblemAsync(response, HttpStatusCode.Forbidden);
            response.Dispose();
        }
        Assert.True(await factory.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == AuthFactory.AdminEmail && u.IsAdmin && u.IsActive, Cancel)));
    }

    [Fact]
    public async Task An_administrator_creates_reads_updates_and_deletes_an_account()
    {
        using var admin = AdminClient();
        var email = AuthFactory.NewEmail("managed");

        using var created = await admin.PostAsJsonAsync("/auth/email/admin/users", new { email, password = AuthFactory.UserPassword, full_name = "Managed", is_admin = false }, Cancel);
        var body = await HttpAssert.JsonAsync(created, HttpStatusCode.Created);
        Assert.Equal($"/auth/email/admin/users/{Uri.EscapeDataString(email)}", created.Headers.Location?.OriginalString);
        Assert.Equal("Managed", body.GetProperty("full_name").GetString());

        var read = await HttpAssert.JsonAsync(await admin.GetAsync($"/auth/email/admin/users/{email}", Cancel));
        Assert.Equal(email, read.GetProperty("email").GetString());

        using var updated = await admin.PutAsJsonAsync($"/auth/email/admin/users/{email}", new { full_name = "Renamed", is_active = false }, Cancel);
        var after = await HttpAssert.JsonAsync(updated);
        Assert.Equal("Renamed", after.GetProperty("full_name").GetString());
        Assert.False(after.GetProperty("is_active").GetBoolean());
        Assert.False(after.GetProperty("is_admin").GetBoolean()); // not given: unchanged
        using var anonymous = factory.CreateClient();
        using var inactiveLogin = await anonymous.PostAsJsonAsync("/auth/email/login", new { email, password = AuthFactory.UserPassword }, Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, inactiveLogin.StatusCode);

        using var deleted = await admin.DeleteAsync($"/auth/email/admin/users/{email}", Cancel);
        Assert.True((await HttpAssert.JsonAsync(deleted)).GetProperty("success").GetBoolean());
        await HttpAssert.ProblemAsync(await admin.GetAsync($"/auth/email/admin/users/{email}", Cancel), HttpStatusCode.NotFound);
        await HttpAssert.ProblemAsync(await admin.DeleteAsync($"/auth/email/admin/users/{email}", Cancel), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_user_list_is_ordered_by_email_and_paged()
    {
        foreach (var prefix in new[] { "zulu", "alpha", "mike" })
        {
            await factory.CreateUserAsync(AuthFactory.NewEmail($"list-{prefix}"));
        }
        using var admin = AdminClient();

        var page = await HttpAssert.JsonAsync(await admin.GetAsync("/auth/email/admin/users?skip=1&limit=2", Cancel));
        var everyone = await HttpAssert.JsonAsync(await admin.GetAsync("/auth/email/admin/users?limit=1000", Cancel));

        var emails = everyone.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("email").GetString()!).ToList();
        Assert.Equal(emails.Order(StringComparer.Ordinal), emails);
        Assert.Equal(emails.Count, everyone.GetProperty("total_count").GetInt32());
        Assert.Equal(emails.Skip(1).Take(2), page.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("email").GetString()));
        Assert.Equal(1, page.GetProperty("skip").GetInt32());
        Assert.Equal(2, page.GetProperty("limit").GetInt32());
    }

    [Fact]
    public async Task The_user_list_searches_email_and_full_name_without_case_and_counts_the_matches()
    {
        var marker = Guid.NewGuid().ToString("N")[..10];
        var byEmail = AuthFactory.NewEmail($"find-{marker}");
        await factory.CreateUserAsync(byEmail);
        var byName = AuthFactory.NewEmail("named");
        await factory.CreateUserAsync(byName, fullName: $"Searchable {marker.ToUpperInvariant()} Person");
        await factory.CreateUserAsync(AuthFactory.NewEmail("unrelated"));
        using var admin = AdminClient();

        var found = await HttpAssert.JsonAsync(await admin.GetAsync($"/auth/email/admin/users?search={marker.ToUpperInvariant()}", Cancel));
        var firstOnly = await HttpAssert.JsonAsync(await admin.GetAsync($"/auth/email/admin/users?search={marker}&limit=1", Cancel));

        Assert.Equal(new[] { byEmail, byName }.Order(StringComparer.Ordinal),
            found.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("email").GetString()));
        Assert.Equal(2, found.GetProperty("total_count").GetInt32());
        Assert.Single(firstOnly.GetProperty("users").EnumerateArray());
        Assert.Equal(2, firstOnly.GetProperty("total_count").GetInt32());
        // PostgreSQL refuses a NUL in text: a 400, never a 500, on either database.
        await HttpAssert.ProblemAsync(await admin.GetAsync("/auth/email/admin/users?search=a%00b", Cancel), HttpStatusCode.BadRequest);
        await HttpAssert.ProblemAsync(await admin.GetAsync($"/auth/email/admin/users?search={new string('x', 201)}", Cancel), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_password_reset_by_an_administrator_unlocks_the_account()
    {
        var user = await factory.CreateUserAsync();
        using var anonymous = factory.CreateClient();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            (await anonymous.PostAsJsonAsync("/auth/email/login", new { email = user.Email, password = "wrong-password" }, Cancel)).Dispose();
        }
        Assert.NotNull(await factory.WithDbAsync(async db => (await db.Users.SingleAsync(u => u.Email == user.Email, Cancel)).LockedUntil));
        using var admin = AdminClient();

        using var reset = await admin.PutAsJsonAsync($"/auth/email/admin/users/{user.Email}", new { password = "reset-by-admin" }, Cancel);

        await HttpAssert.JsonAsync(reset);
        await factory.SignInAsync(user.Email, "reset-by-admin");
    }

    [Fact]
    public async Task Creating_an_account_that_exists_is_a_409_and_bad_input_is_a_400()
    {
        using var admin = AdminClient();

        using var duplicate = await admin.PostAsJsonAsync("/auth/email/admin/users", new { email = AuthFactory.AdminEmail, password = AuthFactory.UserPassword }, Cancel);
        using var noPassword = await admin.PostAsJsonAsync("/auth/email/admin/users", new { email = AuthFactory.NewEmail() }, Cancel);
        using var badJson = await admin.PostAsync("/auth/email/admin/users", HttpAssert.RawJson("{\"email\": [1, 2"), Cancel);
        using var badType = await admin.PutAsync($"/auth/email/admin/users/{AuthFactory.AdminEmail}", HttpAssert.RawJson("{\"is_admin\": \"maybe\"}"), Cancel);

        await HttpAssert.ProblemAsync(duplicate, HttpStatusCode.Conflict);
        await HttpAssert.ProblemAsync(noPassword, HttpStatusCode.BadRequest);
        await HttpAssert.ProblemAsync(badJson, HttpStatusCode.BadRequest);
        await HttpAssert.ProblemAsync(badType, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_administrator_cannot_delete_demote_or_deactivate_themselves()
    {
        using var admin = AdminClient(); // the configured Basic pair acts as the platform admin's account
        var self = Uri.EscapeDataString(AuthFactory.AdminEmail);

        using var delete = await admin.DeleteAsync($"/auth/email/admin/users/{self}", Cancel);
        using var demote = await admin.PutAsJsonAsync($"/auth/email/admin/users/{self}", new { is_admin = false }, Cancel);
        using var deactivate = await admin.PutAsJsonAsync($"/auth/email/admin/users/{self}", new { is_active = false }, Cancel);

        Assert.Contains("your own account", (await HttpAssert.ProblemAsync(delete, HttpStatusCode.Conflict)).Detail());
        Assert.Contains("yourself", (await HttpAssert.ProblemAsync(demote, HttpStatusCode.Conflict)).Detail());
        await HttpAssert.ProblemAsync(deactivate, HttpStatusCode.Conflict);
        Assert.True(await factory.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == AuthFactory.AdminEmail && u.IsAdmin && u.IsActive, Cancel)));
    }

    [Fact]
    public async Task Two_administrators_demoting_each_other_at_once_leave_one()
    {
        // Arrange: X and Y are the only active administrators with accounts (the configured platform admin's flag is
        // lifted for the test and restored after).
        var x = await factory.CreateUserAsync(AuthFactory.NewEmail("admin-x"), isAdmin: true);
        var y = await factory.CreateUserAsync(AuthFactory.NewEmail("admin-y"), isAdmin: true);
        using var asX = factory.CreateClient(await factory.SignInAsync(x.Email, AuthFactory.UserPassword));
        using var asY = factory.CreateClient(await factory.SignInAsync(y.Email, AuthFactory.UserPassword));
        await factory.WithDbAsync(db => db.Users.Where(u => u.IsAdmin && u.Email != x.Email && u.Email != y.Email)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.IsAdmin, false), Cancel));
        try
        {
            // Act: each demotes the other at the same moment. The loser is refused either by the rule (409, the last
            // active administrator) or, when the winner committed before its request was authorized, as a former
            // administrator (401): never both demoted.
            var demotions = await Task.WhenAll(
                asX.PutAsJsonAsync($"/auth/email/admin/users/{y.Email}", new { is_admin = false }, Cancel),
                asY.PutAsJsonAsync($"/auth/email/admin/users/{x.Email}", new { is_admin = false }, Cancel));
            var statuses = demotions.Select(d => d.StatusCode).Order().ToList();
            foreach (var demotion in demotions)
            {
                demotion.Dispose();
            }

            Assert.Equal(HttpStatusCode.OK, statuses[0]);
            Assert.Contains(statuses[1], new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Conflict });
            Assert.Equal(1, await factory.WithDbAsync(db => db.Users.CountAsync(u => (u.Email == x.Email || u.Email == y.Email) && u.IsAdmin && u.IsActive, Cancel)));
        }
        finally
        {
            await factory.WithDbAsync(db => db.Users.Where(u => u.Email == AuthFactory.AdminEmail)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.IsAdmin, true), CancellationToken.None));
        }
    }

    [Fact]
    public async Task The_last_active_administrator_cannot_be_removed_by_a_former_administrator_s_token()
    {
        var former = await factory.CreateUserAsync(AuthFactory.NewEmail("former-admin"), isAdmin: true);
        using var formerAdmin = factory.CreateClient(await factory.SignInAsync(former.Email, AuthFactory.UserPassword));
        using (var admin = AdminClient())
        {
            await HttpAssert.JsonAsync(await admin.PutAsJsonAsync($"/auth/email/admin/users/{former.Email}", new { is_admin = false }, Cancel));
        }
        var last = Uri.EscapeDataString(AuthFactory.AdminEmail);

        using var demote = await formerAdmin.PutAsJsonAsync($"/auth/email/admin/users/{last}", new { is_admin = false }, Cancel);
        using var deactivate = await formerAdmin.PutAsJsonAsync($"/auth/email/admin/users/{last}", new { is_active = false }, Cancel);
        using var delete = await formerAdmin.DeleteAsync($"/auth/email/admin/users/{last}", Cancel);

        await HttpAssert.ProblemAsync(demote, HttpStatusCode.Unauthorized);
        await HttpAssert.ProblemAsync(deactivate, HttpStatusCode.Unauthorized);
        await HttpAssert.ProblemAsync(delete, HttpStatusCode.Unauthorized);
        Assert.True(await factory.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == AuthFactory.AdminEmail && u.IsAdmin && u.IsActive, Cancel)));
    }

    [Fact]
    public async Task A_deactivated_administrator_is_refused_at_once_though_its_token_still_says_admin()
    {
        var admin = await factory.CreateUserAsync(AuthFactory.NewEmail("deactivated-admin"), isAdmin: true);
        using var client = factory.CreateClient(await factory.SignInAsync(admin.Email, AuthFactory.UserPassword));
        await HttpAssert.JsonAsync(await client.GetAsync("/auth/email/admin/users", Cancel));
        using (var platformAdmin = AdminClient())
        {
            await HttpAssert.JsonAsync(await platformAdmin.PutAsJsonAsync($"/auth/email/admin/users/{admin.Email}", new { is_active = false }, Cancel));
        }

        using var response = await client.GetAsync("/auth/email/admin/users", Cancel);

        // Deactivation puts the account's tokens on the deny-list at its commit: 401, as at every other service.
        Assert.Contains("revoked", (await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized)).Detail());
    }

    [Fact]
    public async Task A_demoted_administrator_s_session_token_no_longer_acts_as_administrator()
    {
        var admin = await factory.CreateUserAsync(AuthFactory.NewEmail("demoted-admin"), isAdmin: true);
        using var client = factory.CreateClient(await factory.SignInAsync(admin.Email, AuthFactory.UserPassword));
        await HttpAssert.JsonAsync(await client.GetAsync("/auth/email/admin/users", Cancel));
        using (var platformAdmin = AdminClient())
        {
            await HttpAssert.JsonAsync(await platformAdmin.PutAsJsonAsync($"/auth/email/admin/users/{admin.Email}", new { is_admin = false }, Cancel));
        }

        using var response = await client.GetAsync("/auth/email/admin/users", Cancel);

        Assert.Contains("no longer is", (await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized)).Detail());
    }

    [Fact]
    public async Task The_admin_event_log_filters_by_account_and_type()
    {
        var user = await factory.CreateUserAsync();
        using var anonymous = factory.CreateClient();
        (await anonymous.PostAsJsonAsync("/auth/email/login", new { email = user.Email, password = "wrong-password" }, Cancel)).Dispose();
        await factory.SignInAsync(user.Email, AuthFactory.UserPassword);
        using var admin = AdminClient();

        var failures = await HttpAssert.JsonAsync(await admin.GetAsync(
            $"/auth/email/admin/events?user_email={Uri.EscapeDataString(user.Email)}&event_type={AuthEventTypes.LoginFailure}", Cancel));
        var recent = await HttpAssert.JsonAsync(await admin.GetAsync("/auth/email/admin/events?limit=3", Cancel));

        var failure = Assert.Single(failures.EnumerateArray());
        Assert.Equal(user.Email, failure.GetProperty("user_email").GetString());
        Assert.Equal(3, recent.GetArrayLength());
        var times = recent.EnumerateArray().Select(e => e.GetProperty("timestamp").GetDateTime()).ToList();
        Assert.Equal(times.OrderDescending(), times);
    }
}
