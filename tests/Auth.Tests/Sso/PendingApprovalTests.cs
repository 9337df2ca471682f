using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using McpGateway.Auth.Model;
using McpGateway.Auth.Sso;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Auth.Tests.Sso;

/// <summary>SSO_REQUIRE_ADMIN_APPROVAL: a new user waits in `/auth/sso/pending-approvals` until an administrator decides.</summary>
public sealed class PendingApprovalTests(SsoFixture fixture) : IClassFixture<SsoFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pending_approvals_are_paged_oldest_first()
    {
        await using var host = fixture.WithSso(("SSO_REQUIRE_ADMIN_APPROVAL", "true"));
        // Requested long ago, so these three come first, in this order, whatever else the fixture's database holds.
        var emails = Enumerable.Range(0, 3).Select(i => AuthFactory.NewEmail($"paged-{i}")).ToList();
        await fixture.WithDbAsync(async db =>
        {
            db.PendingUserApprovals.AddRange(emails.Select((email, i) => new PendingUserApproval
            {
                Email = email, AuthProvider = SsoFixture.ProviderId, RequestedAt = new DateTime(2001, 1, 1 + i, 0, 0, 0, DateTimeKind.Utc),
                ExpiresAt = DateTime.UtcNow.AddDays(1),
            }));
            return await db.SaveChangesAsync(Cancel);
        });
        using var admin = host.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", await AdminTokenAsync(host));

        var first = await admin.GetFromJsonAsync<JsonElement>("/auth/sso/pending-approvals?limit=2", Cancel);
        var second = await admin.GetFromJsonAsync<JsonElement>("/auth/sso/pending-approvals?skip=2&limit=2", Cancel);

        Assert.Equal(emails.Take(2), first.EnumerateArray().Select(a => a.GetProperty("email").GetString()));
        Assert.Equal(emails[2], second.EnumerateArray().First().GetProperty("email").GetString());
        using var badLimit = await admin.GetAsync("/auth/sso/pending-approvals?limit=0", Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
    }

    [Fact]
    public async Task A_new_user_waits_until_an_administrator_approves_then_signs_in()
    {
        await using var host = fixture.WithSso(("SSO_REQUIRE_ADMIN_APPROVAL", "true"));
        var email = AuthFactory.NewEmail("waiting");
        fixture.Idp.NextUser = new UpstreamUser(email, Name: "Wait Ing");

        using (var browser = new SsoBrowser(host))
        using (var first = await browser.SignInAsync())
        {
            Assert.Equal(HttpStatusCode.Forbidden, first.StatusCode);
            Assert.Contains("Waiting for approval", await first.Content.ReadAsStringAsync(Cancel));
        }
        using (var browser = new SsoBrowser(host))
        using (var again = await browser.SignInAsync())
        {
            Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode);
        }
        Assert.False(await fixture.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email, Cancel)));

        using var admin = host.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", await AdminTokenAsync(host));
        var pending = await admin.GetFromJsonAsync<JsonElement>("/auth/sso/pending-approvals", Cancel);
        var request = Assert.Single(pending.EnumerateArray(), a => a.GetProperty("email").GetString() == email);
        Assert.Equal("pending", request.GetProperty("status").GetString());
        Assert.Equal(SsoFixture.ProviderId, request.GetProperty("auth_provider").GetString());

        using var approve = await admin.PostAsJsonAsync($"/auth/sso/pending-approvals/{request.GetProperty("id").GetString()}/action",
            new { action = "approve", notes = "known contractor" }, Cancel);
        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        using var twice = await admin.PostAsJsonAsync($"/auth/sso/pending-approvals/{request.GetProperty("id").GetString()}/action", new { action = "reject" }, Cancel);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);

        using (var browser = new SsoBrowser(host))
        using (var approved = await browser.SignInAsync())
        {
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        }
        var (user, events) = await fixture.WithDbAsync(async db => (
            await db.Users.AsNoTracking().SingleAsync(u => u.Email == email, Cancel),
            await db.AuthEvents.AsNoTracking().Where(e => e.UserEmail == email).Select(e => e.EventType).ToListAsync(Cancel)));
        Assert.Equal("Wait Ing", user.FullName);
        Assert.Contains(SsoEventTypes.ApprovalRequested, events);
        Assert.Contains(SsoEventTypes.ApprovalApproved, events);
        Assert.Contains(AuthEventTypes.AccountCreated, events);
    }

    [Fact]
    public async Task A_rejected_user_is_refused_with_the_reason_logged()
    {
        await using var host = fixture.WithSso(("SSO_REQUIRE_ADMIN_APPROVAL", "true"));
        var email = AuthFactory.NewEmail("rejected");
        fixture.Idp.NextUser = new UpstreamUser(email);
        using (var browser = new SsoBrowser(host))
        using (var first = await browser.SignInAsync())
        {
            Assert.Equal(HttpStatusCode.Forbidden, first.StatusCode);
        }
        var id = await fixture.WithDbAsync(db => db.PendingUserApprovals.Where(a => a.Email == email).Select(a => a.Id).SingleAsync(Cancel));
        using var admin = host.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", await AdminTokenAsync(host));

        using var reject = await admin.PostAsJsonAsync($"/auth/sso/pending-approvals/{id}/action", new { action = "reject", reason = "not staff" }, Cancel);
        Assert.Equal(HttpStatusCode.OK, reject.StatusCode);

        using var browserAfter = new SsoBrowser(host);
        using var refused = await browserAfter.SignInAsync();
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("declined", await refused.Content.ReadAsStringAsync(Cancel));
        Assert.False(await fixture.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email, Cancel)));
        var events = await fixture.WithDbAsync(db => db.AuthEvents.AsNoTracking().Where(e => e.UserEmail == email).ToListAsync(Cancel));
        Assert.Contains(events, e => e.EventType == SsoEventTypes.ApprovalRejected && e.FailureReason == "not staff");
        Assert.Contains(events, e => e.EventType == AuthEventTypes.LoginFailure && e.FailureReason == "approval rejected");
    }

    [Fact]
    public async Task An_expired_request_is_shown_expired_cannot_be_approved_and_the_next_sign_in_asks_afresh()
    {
        await using var host = fixture.WithSso(("SSO_REQUIRE_ADMIN_APPROVAL", "true"));
        var email = AuthFactory.NewEmail("lapsed");
        fixture.Idp.NextUser = new UpstreamUser(email);
        using (var browser = new SsoBrowser(host))
        using (var first = await browser.SignInAsync())
        {
            Assert.Equal(HttpStatusCode.Forbidden, first.StatusCode);
        }
        var stale = await fixture.WithDbAsync(db => db.PendingUserApprovals.Where(a => a.Email == email).Select(a => a.Id).SingleAsync(Cancel));
        // Its 30 days have passed.
        await fixture.WithDbAsync(db => db.PendingUserApprovals.Where(a => a.Id == stale)
            .ExecuteUpdateAsync(a => a.SetProperty(x => x.ExpiresAt, DateTime.UtcNow.AddMinutes(-1)), Cancel));
        using var admin = host.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", await AdminTokenAsync(host));

        using (var approve = await admin.PostAsJsonAsync($"/auth/sso/pending-approvals/{stale}/action", new { action = "approve" }, Cancel))
        {
            var detail = (await approve.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("detail").GetString();
            Assert.Equal(HttpStatusCode.Conflict, approve.StatusCode);
            Assert.Equal("application/problem+json", approve.Content.Headers.ContentType?.MediaType);
            Assert.Contains("expired", detail);
        }
        var pending = await admin.GetFromJsonAsync<JsonElement>("/auth/sso/pending-approvals", Cancel);
        Assert.DoesNotContain(pending.EnumerateArray(), a => a.GetProperty("email").GetString() == email);
        var expired = await admin.GetFromJsonAsync<JsonElement>("/auth/sso/pending-approvals?status=expired", Cancel);
        Assert.Equal(stale, Assert.Single(expired.EnumerateArray(), a => a.GetProperty("email").GetString() == email).GetProperty("id").GetString());
        Assert.False(await fixture.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email, Cancel)));

        // Signing in again: a fresh request (a new id, a new expiry), and the old one's end on record.
        using (var browser = new SsoBrowser(host))
        using (var again = await browser.SignInAsync())
        {
            Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode);
        }
        var fresh = await fixture.WithDbAsync(db => db.PendingUserApprovals.AsNoTracking().SingleAsync(a => a.Email == email, Cancel));
        Assert.NotEqual(stale, fresh.Id);
        Assert.Equal(ApprovalStatus.Pending, fresh.Status);
        Assert.True(fresh.ExpiresAt > DateTime.UtcNow.AddDays(29));
        var events = await fixture.WithDbAsync(db => db.AuthEvents.AsNoTracking().Where(e => e.UserEmail == email).ToListAsync(Cancel));
        var lapsed = Assert.Single(events, e => e.EventType == SsoEventTypes.ApprovalExpired);
        Assert.Contains(stale, lapsed.Details!);
        Assert.Contains(events, e => e.EventType == SsoEventTypes.ApprovalRequested && e.Details!.Contains(fresh.Id) && e.Details.Contains(stale));

        using (var approve = await admin.PostAsJsonAsync($"/auth/sso/pending-approvals/{fresh.Id}/action", new { action = "approve" }, Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        }
        using (var browser = new SsoBrowser(host))
        using (var approved = await browser.SignInAsync())
        {
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        }
    }

    [Fact]
    public async Task Only_platform_administrators_see_or_decide_approvals_and_bad_requests_are_problems()
    {
        var user = await fixture.Service.CreateUserAsync(AuthFactory.NewEmail("plain"));
        using var plain = fixture.Host.CreateClient();
        plain.DefaultRequestHeaders.Authorization = new("Bearer", await TokenAsync(fixture.Host, user.Email, AuthFactory.UserPassword));
        using var anonymous = fixture.Host.CreateClient();
        using var admin = fixture.Host.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", await AdminTokenAsync(fixture.Host));

        using var forbidden = await plain.GetAsync("/auth/sso/pending-approvals", Cancel);
        using var unauthorized = await anonymous.GetAsync("/auth/sso/pending-approvals", Cancel);
        using var badStatus = await admin.GetAsync("/auth/sso/pending-approvals?status=maybe", Cancel);
        using var badAction = await admin.PostAsJsonAsync("/auth/sso/pending-approvals/x/action", new { action = "promote" }, Cancel);
        using var unknown = await admin.PostAsJsonAsync("/auth/sso/pending-approvals/does-not-exist/action", new { action = "approve" }, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        await OAuth.OAuthAssert.JsonAsync(badStatus, HttpStatusCode.BadRequest);
        await OAuth.OAuthAssert.JsonAsync(badAction, HttpStatusCode.BadRequest);
        await OAuth.OAuthAssert.ProblemAsync(unknown, HttpStatusCode.NotFound);
    }

    private static Task<string> AdminTokenAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> host) =>
        TokenAsync(host, AuthFactory.AdminEmail, AuthFactory.AdminPassword);

    private static async Task<string> TokenAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> host, string email, string password)
    {
        using var client = host.CreateClient();
        using var response = await client.PostAsJsonAsync("/auth/email/login", new { email, password }, Cancel);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("access_token").GetString()!;
    }
}
