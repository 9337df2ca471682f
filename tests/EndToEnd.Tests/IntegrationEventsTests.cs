using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace McpGateway.EndToEnd.Tests;

/// <summary>
/// What the services learn from each other's events, seen only through the gateway: a token revoked at the auth
/// service is refused by teams and catalog, a deactivated user's token by teams, and a new account is known to teams,
/// each within a second (polled; the stack runs the local bus, its default).
/// </summary>
public sealed class IntegrationEventsTests(StackFixture fixture) : IClassFixture<StackFixture>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(1);
    private readonly HttpClient _client = fixture.Client;
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static AuthenticationHeaderValue Admin => StackFixture.BasicAuthorization;

    [Fact]
    public async Task An_API_token_revoked_at_the_auth_service_is_refused_by_teams_and_catalog_within_a_second()
    {
        var login = new AuthenticationHeaderValue("Bearer", await LoginAsync(StackFixture.AdminEmail, StackFixture.AdminPassword));
        using var created = await SendAsync(HttpMethod.Post, "/tokens", login, new { name = $"revoked-{Guid.NewGuid():N}" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var apiToken = new AuthenticationHeaderValue("Bearer", body.GetProperty("access_token").GetString());
        var id = body.GetProperty("token").GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("/rbac/permissions/available", apiToken));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("/servers", apiToken));

        using var revoked = await SendAsync(HttpMethod.Delete, $"/tokens/{id}", login);
        var since = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);

        await AssertBecomesAsync(HttpStatusCode.Unauthorized, "/rbac/permissions/available", apiToken, since);
        await AssertBecomesAsync(HttpStatusCode.Unauthorized, "/servers", apiToken, since);
    }

    [Fact]
    public async Task An_account_created_through_the_gateway_has_its_personal_team_within_a_second()
    {
        var email = $"new-{Guid.NewGuid():N}@example.com";
        using var created = await SendAsync(HttpMethod.Post, "/auth/email/admin/users", Admin, new { email, password = "a-long-password-1", full_name = "New User" });
        var since = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var user = new AuthenticationHeaderValue("Bearer", await LoginAsync(email, "a-long-password-1"));

        while (true)
        {
            using var response = await SendAsync(HttpMethod.Get, "/teams", user);
            response.EnsureSuccessStatusCode();
            var teams = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("teams").EnumerateArray().ToList();
            if (teams.Count > 0)
            {
                var personal = Assert.Single(teams);
                Assert.True(personal.GetProperty("is_personal").GetBoolean());
                Assert.Equal("New User's Team", personal.GetProperty("name").GetString());
                return;
            }
            Assert.True(since.Elapsed < Within, $"{email} had no personal team {since.Elapsed.TotalMilliseconds:F0} ms after the account was created.");
            await Task.Delay(20, Cancel);
        }
    }

    [Fact]
    public async Task A_deactivated_users_token_is_refused_by_teams_within_a_second()
    {
        var email = $"leaving-{Guid.NewGuid():N}@example.com";
        using (var created = await SendAsync(HttpMethod.Post, "/auth/email/admin/users", Admin, new { email, password = "a-long-password-1" }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        var token = new AuthenticationHeaderValue("Bearer", await LoginAsync(email, "a-long-password-1"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("/rbac/permissions/available", token));

        using var deactivated = await SendAsync(HttpMethod.Put, $"/auth/email/admin/users/{email}", Admin, new { is_active = false });
        var since = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, deactivated.StatusCode);

        await AssertBecomesAsync(HttpStatusCode.Unauthorized, "/rbac/permissions/available", token, since);
    }

    [Fact]
    public async Task Platform_admin_granted_and_revoked_at_teams_makes_the_account_an_administrator_at_auth_and_then_not()
    {
        var email = $"promoted-{Guid.NewGuid():N}@example.com";
        using (var created = await SendAsync(HttpMethod.Post, "/auth/email/admin/users", Admin, new { email, password = "a-long-password-1" }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync("/auth/email/admin/users", new("Bearer", await LoginAsync(email, "a-long-password-1"))));

        using (var granted = await SendAsync(HttpMethod.Post, $"/rbac/users/{email}/roles", Admin, new { role_id = "platform_admin", scope = "global" }))
        {
            Assert.Equal(HttpStatusCode.Created, granted.StatusCode);
        }
        await AssertAdminFlagBecomesAsync(email, true, Stopwatch.StartNew());
        var adminToken = new AuthenticationHeaderValue("Bearer", await LoginAsync(email, "a-long-password-1"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("/auth/email/admin/users", adminToken));

        using (var revoked = await SendAsync(HttpMethod.Delete, $"/rbac/users/{email}/roles/platform_admin?scope=global", Admin))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }
        var since = Stopwatch.StartNew();
        await AssertAdminFlagBecomesAsync(email, false, since);
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync("/auth/email/admin/users", new("Bearer", await LoginAsync(email, "a-long-password-1"))));
        // The demotion revokes the tokens the account holds; the revocation reaches auth's deny-list as an event, after the flag.
        await AssertBecomesAsync(HttpStatusCode.Unauthorized, "/auth/email/admin/users", adminToken, since);
    }

    private async Task AssertAdminFlagBecomesAsync(string email, bool expected, Stopwatch since)
    {
        while (true)
        {
            using var response = await SendAsync(HttpMethod.Get, $"/auth/email/admin/users/{email}", Admin);
            response.EnsureSuccessStatusCode();
            if ((await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("is_admin").GetBoolean() == expected)
            {
                return;
            }
            Assert.True(since.Elapsed < Within, $"{email}'s is_admin was still {!expected} {since.Elapsed.TotalMilliseconds:F0} ms after the role changed at teams.");
            await Task.Delay(20, Cancel);
        }
    }

    /// <summary>Polls until the route answers <paramref name="expected"/>; fails if it still does not a second after the change.</summary>
    private async Task AssertBecomesAsync(HttpStatusCode expected, string path, AuthenticationHeaderValue authorization, Stopwatch since)
    {
        HttpStatusCode last;
        while ((last = await StatusAsync(path, authorization)) != expected)
        {
            Assert.True(since.Elapsed < Within, $"{path} still answered {(int)last} {since.Elapsed.TotalMilliseconds:F0} ms after the change; expected {(int)expected}.");
            await Task.Delay(20, Cancel);
        }
    }

    private async Task<HttpStatusCode> StatusAsync(string path, AuthenticationHeaderValue authorization)
    {
        using var response = await SendAsync(HttpMethod.Get, path, authorization);
        return response.StatusCode;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, AuthenticationHeaderValue authorization, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Headers = { Authorization = authorization } };
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        return await _client.SendAsync(request, Cancel);
    }

    private async Task<string> LoginAsync(string email, string password)
    {
        using var response = await _client.PostAsJsonAsync("/auth/email/login", new { email, password }, Cancel);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("access_token").GetString()!;
    }
}
