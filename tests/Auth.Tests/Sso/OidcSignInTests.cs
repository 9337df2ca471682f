using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using McpGateway.Auth.Model;
using McpGateway.Auth.OAuth;
using McpGateway.Auth.Sso;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Auth.Tests.Sso;

/// <summary>
/// Signing in through a generic OpenID Connect provider configured by SSO_GENERIC_* variables, against a real provider on
/// loopback HTTP: the account created, our session, and every refusal the flow owes (state, replay, id_token checks).
/// </summary>
public sealed class OidcSignInTests(SsoFixture fixture) : IClassFixture<SsoFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_public_list_names_the_configured_provider_and_never_its_client_credentials()
    {
        using var client = fixture.Host.CreateClient();
        using var response = await client.GetAsync("/auth/sso/providers", Cancel);

        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var provider = Assert.Single(JsonDocument.Parse(body).RootElement.EnumerateArray(), p => p.GetProperty("id").GetString() == SsoFixture.ProviderId);
        Assert.Equal("Corp SSO", provider.GetProperty("display_name").GetString());
        Assert.Equal("oidc", provider.GetProperty("provider_type").GetString());
        Assert.DoesNotContain(OidcIdentityProvider.ClientId, body);
        Assert.DoesNotContain(OidcIdentityProvider.ClientSecret, body);
    }

    [Fact]
    public async Task The_client_secret_from_the_environment_is_stored_encrypted()
    {
        var stored = await fixture.WithDbAsync(db => db.SsoProviders.AsNoTracking().SingleAsync(p => p.Id == SsoFixture.ProviderId, Cancel));
        Assert.NotNull(stored.ClientSecretEncrypted);
        Assert.DoesNotContain(OidcIdentityProvider.ClientSecret, stored.ClientSecretEncrypted);
    }

    [Fact]
    public async Task Without_SSO_ENABLED_there_is_no_provider_to_sign_in_with()
    {
        await using var off = fixture.WithSso(("SSO_ENABLED", "false"));
        using var client = off.CreateClient(new() { AllowAutoRedirect = false });

        using var list = await client.GetAsync("/auth/sso/providers", Cancel);
        using var login = await client.GetAsync($"/auth/sso/login/{SsoFixture.ProviderId}", Cancel);

        Assert.Equal("[]", await list.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(HttpStatusCode.NotFound, login.StatusCode);
    }

    [Fact]
    public async Task The_login_redirect_carries_state_an_S256_code_challenge_and_a_nonce_and_keeps_them_in_the_database()
    {
        using var browser = new SsoBrowser(fixture.Host);
        var authorize = await browser.StartAsync();

        Assert.StartsWith(fixture.Idp.Issuer + "/authorize?", authorize.AbsoluteUri);
        var query = QueryHelpers.ParseQuery(authorize.Query);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal(OidcIdentityProvider.ClientId, query["client_id"]);
        Assert.Equal($"http://localhost:4444/auth/sso/callback/{SsoFixture.ProviderId}", query["redirect_uri"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.True(query["state"].ToString().Length >= 43 && query["nonce"].ToString().Length >= 43 && query["code_challenge"].ToString().Length == 43);
        var session = await fixture.WithDbAsync(db => db.SsoAuthSessions.AsNoTracking().SingleAsync(s => s.State == query["state"].ToString(), Cancel));
        Assert.Equal(query["nonce"], session.Nonce);
        Assert.NotEqual(query["code_challenge"].ToString(), session.CodeVerifier);
    }

    [Fact]
    public async Task A_first_sign_in_creates_the_user_with_UserCreated_and_ends_in_our_session()
    {
        var email = AuthFactory.NewEmail("first");
        fixture.Idp.NextUser = new UpstreamUser(email.ToUpperInvariant(), Name: "Ada Lovelace");
        using var browser = new SsoBrowser(fixture.Host);

        using var response = await browser.SignInAsync();

        var html = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, html);
        Assert.Contains(email, html);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(LoginSessions.CookieName + "=", StringComparison.Ordinal));
        var (user, created, events) = await fixture.WithDbAsync(async db => (
            await db.Users.AsNoTracking().SingleAsync(u => u.Email == email, Cancel),
            await db.Set<ServiceDefaults.Messaging.OutboxMessage>().CountAsync(m => m.Payload.Contains(email) && m.Type == "McpGateway.Contracts.UserCreated", Cancel),
            await db.AuthEvents.AsNoTracking().Where(e => e.UserEmail == email).ToListAsync(Cancel)));
        Assert.Equal(SsoFixture.ProviderId, user.AuthProvider);
        Assert.Equal("Ada Lovelace", user.FullName);
        Assert.Null(user.PasswordHash);
        Assert.NotNull(user.EmailVerifiedAt);
        Assert.False(user.IsAdmin);
        Assert.Equal(1, created);
        Assert.Contains(events, e => e.EventType == AuthEventTypes.AccountCreated);
        Assert.Contains(events, e => e.EventType == AuthEventTypes.LoginSuccess && e.Details!.Contains($"\"provider\":\"{SsoFixture.ProviderId}\""));
    }

    [Fact]
    public async Task A_relying_party_signing_in_through_us_can_choose_SSO_and_ends_with_our_tokens()
    {
        var email = AuthFactory.NewEmail("rp");
        fixture.Idp.NextUser = new UpstreamUser(email);
        using var browser = new SsoBrowser(fixture.Host);
        var clientId = await RegisterClientAsync(browser);
        var pkce = OAuth.PkcePair.New();

        // The login page offers the provider; its link carries the authorization request to resume.
        using var loginPage = await browser.Gateway.GetAsync(OAuth.OAuthFlow.AuthorizeUrl(clientId, pkce, RedirectUri, "openid profile email"), Cancel);
        var html = await loginPage.Content.ReadAsStringAsync(Cancel);
        Assert.True(loginPage.StatusCode == HttpStatusCode.OK, $"{(int)loginPage.StatusCode} {loginPage.Headers.Location} {html}");
        Assert.Contains("Sign in with Corp SSO", html);
        var link = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(html, "<a class=\"sso\" href=\"([^\"]+)\"").Groups[1].Value);
        Assert.StartsWith($"/auth/sso/login/{SsoFixture.ProviderId}?return_to=%2Foauth%2Fauthorize%3F", link);

        using var start = await browser.Gateway.GetAsync(link, Cancel);
        using var callback = await browser.CallbackAsync(await browser.AtProviderAsync(start.Headers.Location!));
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        var resume = callback.Headers.Location!.OriginalString;
        Assert.StartsWith("/oauth/authorize?", resume);

        // Back at the authorization endpoint with our session: a dynamically registered client is allowed by the user.
        using var consent = await browser.Gateway.GetAsync(resume, Cancel);
        var consentHtml = await consent.Content.ReadAsStringAsync(Cancel);
        Assert.True(consent.StatusCode == HttpStatusCode.OK && consentHtml.Contains(email), consentHtml);
        var fields = OAuth.OAuthFlow.HiddenFields(consentHtml);
        fields["decision"] = "allow";
        using var allowed = await browser.Gateway.PostAsync("/oauth/consent", new FormUrlEncodedContent(fields), Cancel);
        var code = OAuth.OAuthFlow.RedirectParameters(allowed, RedirectUri)["code"];

        using var tokens = await browser.Gateway.PostAsync("/oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["code_verifier"] = pkce.Verifier, ["redirect_uri"] = RedirectUri, ["client_id"] = clientId,
        }), Cancel);
        var body = await tokens.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.True(tokens.IsSuccessStatusCode, body.ToString());
        Assert.Equal(email, OAuth.OAuthFlow.Jwt(body.GetProperty("id_token").GetString()!).Subject);
        Assert.Equal(email, OAuth.OAuthFlow.Jwt(body.GetProperty("access_token").GetString()!).Subject);
    }

    [Fact]
    public async Task A_return_to_outside_the_authorization_endpoint_is_ignored_rather_than_followed()
    {
        fixture.Idp.NextUser = new UpstreamUser(AuthFactory.NewEmail("open-redirect"));
        using var browser = new SsoBrowser(fixture.Host);

        using var response = await browser.SignInAsync(returnTo: "https://attacker.example/oauth/authorize?x=1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task A_callback_with_a_state_the_gateway_never_issued_is_refused()
    {
        var email = AuthFactory.NewEmail("wrong-state");
        fixture.Idp.NextUser = new UpstreamUser(email);
        using var browser = new SsoBrowser(fixture.Host);
        var callback = await browser.AtProviderAsync(await browser.StartAsync());
        var query = QueryHelpers.ParseQuery(callback.Query);

        using var response = await browser.Gateway.GetAsync(
            $"{callback.AbsolutePath}?code={Uri.EscapeDataString(query["code"]!)}&state=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", Cancel);

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, email: null, "unknown or used state");
        Assert.False(await UserExistsAsync(email));
    }

    [Fact]
    public async Task A_replayed_callback_is_refused_and_the_code_is_not_redeemed_again()
    {
        fixture.Idp.NextUser = new UpstreamUser(AuthFactory.NewEmail("replay"));
        using var browser = new SsoBrowser(fixture.Host);
        var callback = await browser.AtProviderAsync(await browser.StartAsync());
        using var first = await browser.CallbackAsync(callback);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var redeemed = fixture.Idp.TokenRequests;

        using var again = await browser.CallbackAsync(callback);

        await AssertRefusedAsync(again, HttpStatusCode.BadRequest, email: null, "unknown or used state");
        Assert.Equal(redeemed, fixture.Idp.TokenRequests);
    }

    [Fact]
    public async Task A_callback_in_a_browser_that_did_not_start_the_sign_in_is_refused()
    {
        // Login CSRF: an attacker starts a sign-in as themselves and makes the victim's browser finish it.
        var attacker = AuthFactory.NewEmail("attacker");
        fixture.Idp.NextUser = new UpstreamUser(attacker);
        using var attackerBrowser = new SsoBrowser(fixture.Host);
        var callback = await attackerBrowser.AtProviderAsync(await attackerBrowser.StartAsync());
        using var victim = new SsoBrowser(fixture.Host);

        using var response = await victim.CallbackAsync(callback);

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, email: null, "state not started in this browser");
        Assert.False(await UserExistsAsync(attacker));
    }

    [Theory]
    [InlineData(IdTokenFault.WrongNonce, "nonce mismatch")]
    [InlineData(IdTokenFault.WrongAudience, "wrong audience")]
    [InlineData(IdTokenFault.WrongSignature, "bad signature")]
    [InlineData(IdTokenFault.WrongIssuer, "wrong issuer")]
    public async Task An_id_token_that_fails_a_check_is_refused(IdTokenFault fault, string reason)
    {
        var email = AuthFactory.NewEmail("bad-token");
        fixture.Idp.NextUser = new UpstreamUser(email);
        using var browser = new SsoBrowser(fixture.Host);
        var callback = await browser.AtProviderAsync(await browser.StartAsync());
        fixture.Idp.Fault = fault;

        using var response = await browser.CallbackAsync(callback);

        await AssertRefusedAsync(response, HttpStatusCode.Forbidden, email: null, reason);
        Assert.False(await UserExistsAsync(email));
    }

    [Fact]
    public async Task An_unverified_email_never_signs_in_to_the_existing_account_with_that_address()
    {
        var existing = await fixture.Service.CreateUserAsync(AuthFactory.NewEmail("victim"));
        fixture.Idp.NextUser = new UpstreamUser(existing.Email, EmailVerified: false);
        using var browser = new SsoBrowser(fixture.Host);

        using var response = await browser.SignInAsync();

        await AssertRefusedAsync(response, HttpStatusCode.Forbidden, existing.Email, "email not verified by the provider");
        var user = await fixture.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == existing.Email, Cancel));
        Assert.Equal(EmailUser.LocalProvider, user.AuthProvider);
        Assert.Null(user.LastLoginAt);
    }

    [Fact]
    public async Task An_unverified_email_creates_no_account()
    {
        var email = AuthFactory.NewEmail("unverified");
        fixture.Idp.NextUser = new UpstreamUser(email, EmailVerified: false);
        using var browser = new SsoBrowser(fixture.Host);

        using var response = await browser.SignInAsync();

        await AssertRefusedAsync(response, HttpStatusCode.Forbidden, email, "email not verified by the provider");
        Assert.False(await UserExistsAsync(email));
    }

    [Fact]
    public async Task A_verified_email_signs_in_to_the_existing_account_and_the_link_is_logged()
    {
        var existing = await fixture.Service.CreateUserAsync(AuthFactory.NewEmail("linked"));
        fixture.Idp.NextUser = new UpstreamUser(existing.Email);
        using var browser = new SsoBrowser(fixture.Host);

        using var response = await browser.SignInAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = await fixture.WithDbAsync(db => db.AuthEvents.AsNoTracking().Where(e => e.UserEmail == existing.Email).ToListAsync(Cancel));
        Assert.Contains(events, e => e.EventType == SsoEventTypes.AccountLinked && e.Details!.Contains("\"account_provider\":\"local\""));
        Assert.Equal(1, await fixture.WithDbAsync(db => db.Users.CountAsync(u => u.Email == existing.Email, Cancel)));
    }

    [Fact]
    public async Task The_email_comes_from_userinfo_when_the_id_token_has_none()
    {
        var email = AuthFactory.NewEmail("userinfo");
        fixture.Idp.NextUser = new UpstreamUser(email, EmailInIdToken: false);
        using var browser = new SsoBrowser(fixture.Host);

        using var response = await browser.SignInAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(await UserExistsAsync(email));
    }

    [Fact]
    public async Task A_domain_outside_SSO_TRUSTED_DOMAINS_may_not_sign_in_and_a_trusted_one_may()
    {
        await using var host = fixture.WithSso(("SSO_TRUSTED_DOMAINS", "[\"trusted.example\"]"));
        var outsider = $"outsider-{Guid.NewGuid():N}@elsewhere.example";
        var insider = $"insider-{Guid.NewGuid():N}@trusted.example";

        fixture.Idp.NextUser = new UpstreamUser(outsider);
        using (var browser = new SsoBrowser(host))
        using (var refused = await browser.SignInAsync())
        {
            await AssertRefusedAsync(refused, HttpStatusCode.Forbidden, outsider, "domain elsewhere.example is not trusted");
        }
        fixture.Idp.NextUser = new UpstreamUser(insider);
        using (var browser = new SsoBrowser(host))
        using (var accepted = await browser.SignInAsync())
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }
        Assert.False(await UserExistsAsync(outsider));
        Assert.True(await UserExistsAsync(insider));
    }

    [Fact]
    public async Task SSO_AUTO_ADMIN_DOMAINS_makes_platform_administrators()
    {
        await using var host = fixture.WithSso(("SSO_AUTO_ADMIN_DOMAINS", "admins.example"));
        var email = $"boss-{Guid.NewGuid():N}@admins.example";
        fixture.Idp.NextUser = new UpstreamUser(email);
        using var browser = new SsoBrowser(host);

        using var response = await browser.SignInAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await fixture.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == email, Cancel))).IsAdmin);
    }

    [Fact]
    public async Task A_sign_in_started_on_one_replica_completes_on_another()
    {
        await using var other = fixture.WithSso();
        var email = AuthFactory.NewEmail("replica");
        fixture.Idp.NextUser = new UpstreamUser(email);
        using var first = fixture.Host.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        using var second = other.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        using var upstream = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });

        using var start = await first.GetAsync($"/auth/sso/login/{SsoFixture.ProviderId}", Cancel);
        var stateCookie = start.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(SsoFlow.StateCookie + "=", StringComparison.Ordinal)).Split(';')[0];
        using var atProvider = await upstream.GetAsync(start.Headers.Location!, Cancel);
        using var request = new HttpRequestMessage(HttpMethod.Get, atProvider.Headers.Location!.PathAndQuery);
        request.Headers.Add("Cookie", stateCookie);
        using var callback = await second.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.OK, callback.StatusCode);
        Assert.True(await UserExistsAsync(email));
    }

    [Fact]
    public async Task With_EMAIL_AUTH_ENABLED_false_the_login_page_offers_the_providers_alone()
    {
        await using var host = fixture.WithSso(("EMAIL_AUTH_ENABLED", "false"));
        using var browser = new SsoBrowser(host);
        var clientId = await RegisterClientAsync(browser);

        using var page = await browser.Gateway.GetAsync(OAuth.OAuthFlow.AuthorizeUrl(clientId, OAuth.PkcePair.New(), RedirectUri, "openid email"), Cancel);

        var html = await page.Content.ReadAsStringAsync(Cancel);
        Assert.True(page.StatusCode == HttpStatusCode.OK, html);
        Assert.Contains("Sign in with Corp SSO", html);
        Assert.DoesNotContain("name=\"password\"", html);
    }

    private const string RedirectUri = "http://127.0.0.1:7777/callback";

    private static async Task<string> RegisterClientAsync(SsoBrowser browser)
    {
        using var registration = await browser.Gateway.PostAsJsonAsync("/oauth/register", new Dictionary<string, object>
        {
            ["client_name"] = "SSO relying party",
            ["redirect_uris"] = new[] { RedirectUri },
            ["token_endpoint_auth_method"] = "none",
            ["grant_types"] = new[] { "authorization_code" },
        }, Cancel);
        var registered = await registration.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.True(registration.StatusCode == HttpStatusCode.Created, registered.ToString());
        return registered.GetProperty("client_id").GetString()!;
    }

    private Task<bool> UserExistsAsync(string email) => fixture.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email, Cancel));

    /// <summary>An HTML refusal with this status, no session started, and a `login_failure` naming the provider and the reason.</summary>
    private async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string? email, string reason)
    {
        var html = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {html}");
        Assert.Contains("You could not be signed in", html);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(LoginSessions.CookieName + "=", StringComparison.Ordinal)));
        var events = await fixture.WithDbAsync(db => db.AuthEvents.AsNoTracking()
            .Where(e => e.EventType == AuthEventTypes.LoginFailure && e.FailureReason!.Contains(reason) && e.UserEmail == email).ToListAsync(Cancel));
        Assert.Contains(events, e => e.Details!.Contains($"\"provider\":\"{SsoFixture.ProviderId}\""));
    }
}
