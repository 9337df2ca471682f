using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.WebUtilities;

namespace McpGateway.Auth.Tests.OAuth;

/// <summary>
/// The authorization endpoint: who may be redirected where (RFC 6749 §3.1.2, §4.1.2.1), PKCE (RFC 7636, S256 only),
/// and the login and consent pages.
/// </summary>
public sealed class AuthorizationEndpointTests(OAuthFixture factory) : IClassFixture<OAuthFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("http://127.0.0.1:7777/callback/")]            // trailing slash
    [InlineData("http://127.0.0.1:7777/callback/deeper")]      // the registered one is only a prefix
    [InlineData("http://127.0.0.1:7777/call")]                 // a prefix of the registered one
    [InlineData("http://127.0.0.1:7777/callback?x=1")]         // extra query
    [InlineData("http://127.0.0.2:7777/callback")]             // another loopback address
    [InlineData("http://localhost:7777/callback")]             // another loopback name
    [InlineData("HTTP://127.0.0.1:7777/callback")]             // same URI to a lenient parser, not the same string
    [InlineData("https://attacker.example/callback")]
    public async Task A_redirect_uri_not_exactly_registered_gets_an_error_page_and_never_a_redirect(string redirectUri)
    {
        using var flow = new OAuthFlow(factory);
        var client = await flow.RegisterClientAsync();

        using var response = await flow.GetAsync(OAuthFlow.AuthorizeUrl(client.ClientId, PkcePair.New(), redirectUri));

        await AssertErrorPageAsync(response, "redirect_uri");
    }

    [Theory]
    [InlineData("http://127.0.0.1:7777/callback", "http://127.0.0.1:51234/callback")]
    [InlineData("http://127.0.0.1:7777/callback", "http://127.0.0.1/callback")]
    [InlineData("http://localhost/callback", "http://localhost:8080/callback")]
    [InlineData("http://[::1]:9/callback", "http://[::1]:63000/callback")]
    public async Task A_loopback_redirect_uri_matches_with_any_port_as_RFC_8252_says(string registered, string requested)
    {
        using var flow = new OAuthFlow(factory);
        var client = await flow.RegisterClientAsync(redirectUris: [registered]);
        var user = await factory.CreateUserAsync();

        using var page = await flow.GetAsync(OAuthFlow.AuthorizeUrl(client.ClientId, PkcePair.New(), requested));
        using var redirect = await flow.SubmitLoginAsync(page, user.Email, AuthFactory.UserPassword);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.True(OAuthFlow.RedirectParameters(redirect, requested).ContainsKey("code"));
    }

    [Fact]
    public async Task A_non_loopback_redirect_uri_must_match_its_port_too()
    {
        using var flow = new OAuthFlow(factory);
        var client = await flow.RegisterClientAsync(redirectUris: ["https://app.example:8443/callback"]);

        using var response = await flow.GetAsync(OAuthFlow.AuthorizeUrl(client.ClientId, PkcePair.New(), "https://app.example:9443/callback"));

        await AssertErrorPageAsync(response, "redirect_uri");
    }

    [Fact]
    public async Task An_unknown_client_gets_an_error_page_even_with_a_plausible_redirect_uri()
    {
        using var flow = new OAuthFlow(factory);

        using var response = await flow.GetAsync(OAuthFlow.AuthorizeUrl("no-such-client", PkcePair.New()));

        await AssertErrorPageAsync(response, "client_id");
    }

    [Fact]
    public async Task Without_redirect_uri_the_only_registered_one_is_used_but_with_several_or_for_OpenID_Connect_it_is_required()
    {
        using var flow = new OAuthFlow(factory);
        var single = await flow.RegisterClientAsync();
        var several = await flow.RegisterClientAsync(redirectUris: [OAuthFlow.RedirectUri, "http://localhost:7777/other"]);

        using var defaulted = await flow.GetAsync(OAuthFlow.AuthorizeUrl(single.ClientId, pkce: null, redirectUri: null, scope: "email"));
        using var ambiguous = await flow.GetAsync(OAuthFlow.AuthorizeUrl(several.ClientId, PkcePair.New(), redirectUri: null, scope: "email"));
        using var openIdWithout = await flow.GetAsync(OAuthFlow.AuthorizeUrl(single.ClientId, PkcePair.New(), redirectUri: null));

        // The request lacks PKCE, an error sent to the one registered address.
        Assert.Equal("invalid_request", OAuthFlow.RedirectParameters(defaulted)["error"]);
        await AssertErrorPageAsync(ambiguous, "redirect_uri");
        // OpenID Connect requests must name it (OIDC Core §3.1.2.1).
        await AssertErrorPageAsync(openIdWithout, "redirect_uri");
    }

    [Fact]
    public async Task Without_a_code_challenge_the_client_is_told_invalid_request_with_its_state_and_our_issuer()
    {
        using var flow = new OAuthFlow(factory);
        var client = await flow.RegisterClientAsync();

        using var response = await flow.GetAsync(OAuthFlow.AuthorizeUrl(client.ClientId, pkce: null));
        var parameters = OAuthFlow.RedirectParameters(response);

        Assert.Equal("invalid_request", parameters["error"]);
        Assert.Contains("code_challenge", parameters["error_description"]);
        Assert.Equal("state-123", parameters["state"]);
        Assert.Equal("http://localhost:4444", parameters["iss"]);
        Assert.False(parameters.ContainsKey("code"));
    }

    [Theory]
    [InlineData("plain")]
    [InlineData(null)]
    [InlineData("S512")]
    public async Task A_challenge_method_other_than_S256_is_refused_with_PKCE_S256_required(string? method)
    {
        using var flow = new OAuthFlow(factory);
        var client = await flow.RegisterClientAsync();
        var pkce = PkcePair.New();
        var url = QueryHelpers.AddQueryString(OAuthFlow.AuthorizeUrl(client.ClientId, pkce: null), "code_challenge", method == "plain" ? pkce.Verifier : pkce.Challenge);
        if (method is not null)
        {
            url = QueryHelpers.AddQueryString(url, "code_challenge_method", method);
        }

        using var response = await flow.GetAsync(url);
        var parameters = OAuthFlow.RedirectParameters(response);

        Assert.Equal("invalid_request", parameters["error"]);
        Assert.Contains("PKCE S256 required", parameters["error_description"]);
    }

    [Theory]
    [InlineData("token", "unsupported_response_type")]
    [InlineData("code id_token", "unsupported_response_type")]
    public async Task Only_the_code_response_type_is_served(string responseType, string error)
    {
        using var flow = new OAuthFlow(factory);
        var client = await flow.RegisterClientAsync();
        var url = OAuthFlow.AuthorizeUrl(client.ClientId, PkcePair.New()).Replace("response_type=code", "response_type=" + Uri.EscapeDataString(responseType));

        using var response = await flow.GetAsync(url);

        Assert.Equal(error, OAuthFlow.RedirectParameters(response)["error"]);
    }

    [Theory]
    [InlineData("mcp-server")]
    [InlineData("https://mcp.example/servers/1#fragment")]
    public async Task A_resource_that_is_not_an_absolute_uri_without_fragment_is_invalid_target(string resource)
    {
        using var flow = new OAuthFlow(factory);
        var client = await flow.RegisterClientAsync();

        using var response = await flow.GetAsync(OAuthFlow.AuthorizeUrl(client.ClientId, PkcePair.New(), extra: ("resource", resource)));

        Assert.Equal("invalid_target", OAuthFlow.RedirectParameters(response)["error"]);
    }

    [Fact]
    public async Task Without_a_session_prompt_none_answers_login_required()
    {
        using var flow = new OAuthFlow(factory);
        var client = await flow.RegisterClientAsync();

        using var response = await flow.GetAsync(OAuthFlow.AuthorizeUrl(client.ClientId, PkcePair.New(), extra: ("prompt", "none")));
        var parameters = OAuthFlow.RedirectParameters(response);

        Assert.Equal("login_required", parameters["error"]);
        Assert.Equal("state-123", parameters["state"]);
    }

    [Fact]
    public async Task Without_a_session_the_login_page_is_an_accessible_form_that_keeps_the_request()
    {
        using var flow = new OAuthFlow(factory);
        var client = await flow.RegisterClientAsync();
        var url = OAuthFlow.AuthorizeUrl(client.ClientId, PkcePair.New());

        using var response = await flow.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync(Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("<label for=\"email\">", html);
        Assert.Contains("<label for=\"password\">", html);
        Assert.Contains("autocomplete=\"current-password\"", html);
        Assert.DoesNotContain("<script", html);
        // The form posts the authorization request back, parameter by parameter, for OpenIddict to check again.
        var fields = OAuthFlow.HiddenFields(html);
        foreach (var (name, value) in QueryHelpers.ParseQuery(url[url.IndexOf('?')..]))
        {
            Assert.Equal(value.ToString(), fields[name]);
        }
        Assert.False(string.IsNullOrEmpty(fields["csrf_token"]));
    }

    [Fact]
    public async Task A_wrong_password_shows_the_form_again_with_an_alert_and_issues_no_code()
    {
        using var flow = new OAuthFlow(factory);
        var client = await flow.RegisterClientAsync();
        var user = await factory.CreateUserAsync();

        using var page = await flow.GetAsync(OAuthFlow.AuthorizeUrl(client.ClientId, PkcePair.New()));
        using var response = await flow.SubmitLoginAsync(page, user.Email, "wrong-password");
        var html = await response.Content.ReadAsStringAsync(Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("role=\"alert\"", html);
        Assert.Contains(user.Email, html);
    }

    [Fact]
    public async Task A_login_form_without_its_csrf_token_signs_nobody_in()
    {
        using var flow = new OAuthFlow(factory);
        var client = await flow.RegisterClientAsync();
        var user = await factory.CreateUserAsync();

        using var page = await flow.GetAsync(OAuthFlow.AuthorizeUrl(client.ClientId, PkcePair.New()));
        using var forged = await flow.SubmitLoginAsync(page, user.Email, AuthFactory.UserPassword, withCsrf: false);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Null(forged.Headers.Location);
        Assert.DoesNotContain(forged.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("mcpgw_session=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Signing_in_redirects_to_the_client_with_a_code_the_state_and_the_issuer_and_sets_a_protected_session_cookie()
    {
        using var flow = new OAuthFlow(factory);
        var client = await flow.RegisterClientAsync();
        var user = await factory.CreateUserAsync();

        using var page = await flow.GetAsync(OAuthFlow.AuthorizeUrl(client.ClientId, PkcePair.New()));
        using var response = await flow.SubmitLoginAsync(page, user.Email, AuthFactory.UserPassword);
        var parameters = OAuthFlow.RedirectParameters(response);

        Assert.Equal(43, parameters["code"].Length);
        Assert.Equal("state-123", parameters["state"]);
        Assert.Equal("http://localhost:4444", parameters["iss"]);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("mcpgw_session=", StringComparison.Ordinal));
        Assert.Contains("path=/oauth", cookie);
        Assert.Contains("httponly", cookie);
        Assert.Contains("samesite=lax", cookie);
        Assert.DoesNotContain(user.Email, Uri.UnescapeDataString(cookie));
    }

    [Fact]
    public async Task With_a_session_a_dynamically_registered_client_must_be_allowed_by_the_user()
    {
        using var flow = new OAuthFlow(factory);
        var first = await flow.RegisterClientAsync();
        var second = await flow.RegisterClientAsync();
        var user = await factory.CreateUserAsync();
        await flow.SignInForCodeAsync(first, user.Email, AuthFactory.UserPassword, PkcePair.New());

        using var silent = await flow.GetAsync(OAuthFlow.AuthorizeUrl(second.ClientId, PkcePair.New(), extra: ("prompt", "none")));
        using var consentPage = await flow.GetAsync(OAuthFlow.AuthorizeUrl(second.ClientId, PkcePair.New()));
        using var allowed = await flow.SubmitConsentAsync(consentPage, "allow");
        using var consentAgain = await flow.GetAsync(OAuthFlow.AuthorizeUrl(second.ClientId, PkcePair.New()));
        using var denied = await flow.SubmitConsentAsync(consentAgain, "deny");

        Assert.Equal("consent_required", OAuthFlow.RedirectParameters(silent)["error"]);
        Assert.Equal(HttpStatusCode.OK, consentPage.StatusCode);
        Assert.Contains(user.Email, await consentPage.Content.ReadAsStringAsync(Cancel));
        Assert.True(OAuthFlow.RedirectParameters(allowed).ContainsKey("code"));
        Assert.Equal("access_denied", OAuthFlow.RedirectParameters(denied)["error"]);
    }

    [Fact]
    public async Task Prompt_login_shows_the_login_page_even_with_a_session()
    {
        using var flow = new OAuthFlow(factory);
        var client = await flow.RegisterClientAsync();
        var user = await factory.CreateUserAsync();
        await flow.SignInForCodeAsync(client, user.Email, AuthFactory.UserPassword, PkcePair.New());

        using var response = await flow.GetAsync(OAuthFlow.AuthorizeUrl(client.ClientId, PkcePair.New(), extra: ("prompt", "login")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("name=\"password\"", await response.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task With_email_sign_in_turned_off_the_login_form_checks_no_password()
    {
        using var flow = new OAuthFlow(factory);
        var client = await flow.RegisterClientAsync();
        var user = await factory.CreateUserAsync();
        using var page = await flow.GetAsync(OAuthFlow.AuthorizeUrl(client.ClientId, PkcePair.New()));
        await using var emailAuthOff = factory.Host.WithWebHostBuilder(b => b.UseSetting("EMAIL_AUTH_ENABLED", "false"));
        using var browser = emailAuthOff.CreateClient(new() { AllowAutoRedirect = false });
        var fields = OAuthFlow.HiddenFields(await page.Content.ReadAsStringAsync(Cancel));
        fields["email"] = user.Email;
        fields["password"] = AuthFactory.UserPassword;

        using var authorize = await browser.GetAsync(OAuthFlow.AuthorizeUrl(client.ClientId, PkcePair.New()), Cancel);
        using var login = await browser.PostAsync("/oauth/login", new FormUrlEncodedContent(fields), Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, authorize.StatusCode);
        Assert.DoesNotContain("name=\"password\"", await authorize.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(HttpStatusCode.Forbidden, login.StatusCode);
        Assert.Null(login.Headers.Location);
    }

    private static async Task AssertErrorPageAsync(HttpResponseMessage response, string mentions)
    {
        var html = await response.Content.ReadAsStringAsync(Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("role=\"alert\"", html);
        Assert.Contains(mentions, html);
    }
}
