using System.Net;
using McpGateway.Auth.Model;
using McpGateway.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Auth.Tests.Sso;

/// <summary>The auth service with SSO_GITHUB_* set and GITHUB_BASE_URL/GITHUB_API_URL at a local GitHub stand-in.</summary>
public sealed class GitHubFixture : IAsyncLifetime
{
    public SqliteAuthFactory Service { get; } = new();
    public GitHubStandIn GitHub { get; private set; } = null!;
    public WebApplicationFactory<Program> Host { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        GitHub = await GitHubStandIn.StartAsync();
        await Service.InitializeAsync();
        Host = Service.WithSettings(
            ("SSO_ENABLED", "true"),
            ("SSO_GITHUB_ENABLED", "true"),
            ("SSO_GITHUB_CLIENT_ID", GitHubStandIn.ClientId),
            ("SSO_GITHUB_CLIENT_SECRET", GitHubStandIn.ClientSecret),
            ("GITHUB_BASE_URL", GitHub.BaseUrl),
            ("GITHUB_API_URL", GitHub.ApiUrl),
            ("SSO_GITHUB_ADMIN_ORGS", "Platform-Admins"));
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
        await Service.DisposeAsync();
        if (GitHub is not null)
        {
            await GitHub.DisposeAsync();
        }
    }
}

/// <summary>Signing in with GitHub (plain OAuth 2.0): who the user is comes from its API, the email only if GitHub verified it.</summary>
public sealed class GitHubSignInTests(GitHubFixture fixture) : IClassFixture<GitHubFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_login_goes_to_the_configured_GitHub_with_state_and_PKCE()
    {
        using var browser = new SsoBrowser(fixture.Host);

        var authorize = await browser.StartAsync("github");

        Assert.StartsWith(fixture.GitHub.BaseUrl + "/login/oauth/authorize?", authorize.AbsoluteUri);
        var query = QueryHelpers.ParseQuery(authorize.Query);
        Assert.Equal(GitHubStandIn.ClientId, query["client_id"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal("http://localhost:4444/auth/sso/callback/github", query["redirect_uri"]);
        Assert.False(query.ContainsKey("nonce"));
    }

    [Fact]
    public async Task A_first_sign_in_creates_the_user_from_the_primary_verified_email()
    {
        var email = AuthFactory.NewEmail("octo");
        fixture.GitHub.NextUser = new GitHubUser("octocat", email, Orgs: ["some-org"]);
        using var browser = new SsoBrowser(fixture.Host);

        using var response = await browser.SignInAsync("github");

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancel));
        var user = await fixture.Service.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == email, Cancel));
        Assert.Equal("github", user.AuthProvider);
        Assert.Equal("octocat (GitHub)", user.FullName);
        Assert.False(user.IsAdmin);
    }

    [Fact]
    public async Task An_unverified_primary_email_is_refused_even_with_another_verified_address()
    {
        var existing = await fixture.Service.CreateUserAsync(AuthFactory.NewEmail("github-victim"));
        fixture.GitHub.NextUser = new GitHubUser("mallory", existing.Email, PrimaryVerified: false, SecondaryVerifiedEmail: AuthFactory.NewEmail("mallory"));
        using var browser = new SsoBrowser(fixture.Host);

        using var response = await browser.SignInAsync("github");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var events = await fixture.Service.WithDbAsync(db => db.AuthEvents.AsNoTracking()
            .Where(e => e.UserEmail == existing.Email && e.EventType == AuthEventTypes.LoginFailure).ToListAsync(Cancel));
        Assert.Contains(events, e => e.FailureReason == "email not verified by the provider" && e.Details!.Contains("\"provider\":\"github\""));
    }

    [Fact]
    public async Task A_member_of_an_SSO_GITHUB_ADMIN_ORGS_organisation_becomes_a_platform_administrator()
    {
        var email = AuthFactory.NewEmail("github-admin");
        fixture.GitHub.NextUser = new GitHubUser("root", email, Orgs: ["platform-admins"]);
        using var browser = new SsoBrowser(fixture.Host);

        using var response = await browser.SignInAsync("github");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await fixture.Service.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == email, Cancel))).IsAdmin);
    }

    [Fact]
    public async Task A_code_GitHub_refuses_is_a_refused_sign_in()
    {
        fixture.GitHub.NextUser = new GitHubUser("replayer", AuthFactory.NewEmail("github-replay"));
        using var browser = new SsoBrowser(fixture.Host);
        var callback = await browser.AtProviderAsync(await browser.StartAsync("github"));
        // The code is spent at GitHub by someone else first; our state is still fresh.
        using var thief = new HttpClient();
        using var spent = await thief.PostAsync($"{fixture.GitHub.BaseUrl}/login/oauth/access_token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = GitHubStandIn.ClientId, ["client_secret"] = GitHubStandIn.ClientSecret, ["code"] = QueryHelpers.ParseQuery(callback.Query)["code"]!,
        }), Cancel);

        using var response = await browser.CallbackAsync(callback);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("You could not be signed in", await response.Content.ReadAsStringAsync(Cancel));
    }
}
