using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using McpGateway.TestSupport;
using Microsoft.AspNetCore.WebUtilities;

namespace McpGateway.EndToEnd.Tests.Sso;

/// <summary>
/// Single sign-on end to end: a person's browser (<see cref="HeadlessBrowser"/>) at the gateway's origin, a real
/// third-party OpenID Connect provider (oidc-provider) upstream, the whole product as processes behind the gateway.
/// What teams learns from a sign-in arrives by event, so it is polled for (never timed).
/// </summary>
public sealed class SsoThroughGatewayTests(SsoStackFixture fixture) : IClassFixture<SsoStackFixture>
{
    /// <summary>The relying party's loopback redirect_uri: nobody listens there; the browser stops and the code is read from it.</summary>
    private const string RedirectUri = "http://127.0.0.1:53683/callback";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly Dictionary<string, string> NoFields = [];
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private HttpClient Admin => fixture.Admin;

    [Fact]
    public async Task A_new_user_waits_for_approval_then_gets_an_account_a_personal_team_and_the_mapped_teams_and_loses_one_when_the_idp_drops_the_group()
    {
        var (login, email) = NewPerson("alice");
        await fixture.Idp.SetAccountAsync(login, email, "Alice Example", "eng", "research");
        using var browser = new HeadlessBrowser { StopAt = RedirectUri };

        var pending = await SignInWithSsoAsync(browser, login);
        Assert.True(pending.Status == HttpStatusCode.Forbidden, pending.Html);
        Assert.Contains("Waiting for approval", pending.Html);
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync($"/auth/email/admin/users/{email}"));
        // Signing in again changes nothing until an administrator decides.
        var stillPending = await SignInWithSsoAsync(browser, login);
        Assert.Equal(HttpStatusCode.Forbidden, stillPending.Status);
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync($"/auth/email/admin/users/{email}"));

        await ApproveAsync(email);
        var signedIn = await SignInWithSsoAsync(browser, login);
        Assert.True(signedIn.Status == HttpStatusCode.OK, signedIn.Html);
        Assert.Contains("You are signed in", signedIn.Html);
        var account = await Admin.GetFromJsonAsync<JsonElement>($"/auth/email/admin/users/{email}", Cancel);
        Assert.Equal(SsoStackFixture.ProviderId, account.GetProperty("auth_provider").GetString());

        // Our own tokens for the same browser session (a relying party's code flow), to ask teams as the user.
        var user = await TokenThroughOurProviderAsync(browser);
        var teams = await TeamsBecomeAsync(user, t => t.Any(IsPersonal) && t.Any(Slug(SsoStackFixture.EngineeringSlug)) && t.Any(Slug(SsoStackFixture.ResearchSlug)));
        Assert.Equal(3, teams.Count);
        var research = teams.Single(Slug(SsoStackFixture.ResearchSlug)).GetProperty("id").GetString()!;
        Assert.Equal("owner", (await MembersAsync(research))[email]);

        // The IdP takes the research group away: the next sign-in takes the membership away, and only that one.
        await fixture.Idp.SetAccountAsync(login, email, "Alice Example", "eng");
        Assert.Equal(HttpStatusCode.OK, (await SignInWithSsoAsync(browser, login)).Status);
        teams = await TeamsBecomeAsync(user, t => !t.Any(Slug(SsoStackFixture.ResearchSlug)));
        Assert.Contains(teams, t => Slug(SsoStackFixture.EngineeringSlug)(t));
        Assert.Contains(teams, t => IsPersonal(t));
        Assert.DoesNotContain(email, (await MembersAsync(research)).Keys);
    }

    [Fact]
    public async Task A_relying_party_whose_user_chooses_SSO_on_our_login_page_ends_with_our_tokens_which_work_on_the_teams_API()
    {
        var (login, email) = NewPerson("bob");
        await fixture.Idp.SetAccountAsync(login, email, "Bob Example", "eng");
        using (var first = new HeadlessBrowser())
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await SignInWithSsoAsync(first, login)).Status);
        }
        await ApproveAsync(email);

        // A fresh browser: no session at the gateway, none at the IdP. The relying party sends it to our login page.
        var client = await RegisterClientAsync();
        using var browser = new HeadlessBrowser { StopAt = RedirectUri };
        var (authorize, verifier) = AuthorizationRequest(client);
        var loginPage = await browser.GetAsync(authorize);
        Assert.True(loginPage.Status == HttpStatusCode.OK, loginPage.Html);
        Assert.Contains("name=\"password\"", loginPage.Html);
        var atIdp = await browser.FollowLinkAsync(loginPage, $"Sign in with {SsoStackFixture.ProviderName}");
        Assert.Equal(fixture.Idp.Issuer.Authority, atIdp.Address.Authority);
        var consent = await AtIdpAsync(browser, atIdp, login);

        // Back at the authorization request, signed in: a dynamically registered client needs the user's consent.
        Assert.True(consent.Status == HttpStatusCode.OK, consent.Html);
        Assert.Contains("Allow access?", consent.Html);
        Assert.Contains(email, consent.Html);
        await browser.SubmitAsync(consent, new Dictionary<string, string> { ["decision"] = "allow" });
        var token = await RedeemAsync(client, browser.StoppedAt ?? throw new InvalidOperationException("the browser never reached the client's redirect_uri"), verifier);

        var teams = await TeamsBecomeAsync(token, t => t.Any(IsPersonal) && t.Any(Slug(SsoStackFixture.EngineeringSlug)));
        Assert.Equal(2, teams.Count);

        // "Use another account" on the consent page offers SSO as the login page does.
        var (again, _) = AuthorizationRequest(client);
        var consentAgain = await browser.GetAsync(again);
        Assert.Contains("Allow access?", consentAgain.Html);
        var switched = await browser.SubmitAsync(consentAgain, new Dictionary<string, string> { ["decision"] = "switch" });
        Assert.NotNull(HeadlessBrowser.Link(switched, $"Sign in with {SsoStackFixture.ProviderName}"));
    }

    [Fact]
    public async Task Deleting_a_provider_takes_away_the_memberships_it_granted_and_leaves_those_made_by_hand()
    {
        const string provider = "partner";
        var granted = await CreateTeamAsync("sso-partner-granted");
        var byHand = await CreateTeamAsync("sso-partner-by-hand");
        await fixture.AddProviderAsync(provider, "Partner Identity", new { group = "partners", team = "sso-partner-granted", role = "member" });
        var (login, email) = NewPerson("carol");
        await fixture.Idp.SetAccountAsync(login, email, "Carol Example", "partners");
        using var browser = new HeadlessBrowser { StopAt = RedirectUri };
        Assert.Equal(HttpStatusCode.Forbidden, (await SignInWithSsoAsync(browser, login, provider)).Status);
        await ApproveAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await SignInWithSsoAsync(browser, login, provider)).Status);
        using (var added = await Admin.PostAsJsonAsync($"/teams/{byHand}/members", new { email, role = "member" }, Cancel))
        {
            Assert.True(added.StatusCode == HttpStatusCode.Created, await added.Content.ReadAsStringAsync(Cancel));
        }
        await MembersBecomeAsync(granted, members => members.ContainsKey(email));

        using (var deleted = await Admin.DeleteAsync($"/auth/sso/admin/providers/{provider}", Cancel))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        await MembersBecomeAsync(granted, members => !members.ContainsKey(email));
        Assert.Equal("member", (await MembersAsync(byHand))[email]);
    }

    [Fact]
    public async Task A_GitHub_user_signs_in_through_the_gateway_after_approval_and_their_GitHub_team_maps_to_a_team()
    {
        var platform = await CreateTeamAsync("sso-github-platform");
        var github = fixture.GitHub;
        using (var provider = await Admin.PostAsJsonAsync("/auth/sso/admin/providers", new
        {
            id = "github",
            display_name = "GitHub",
            provider_type = "github",
            client_id = GitHubStandIn.ClientId,
            client_secret = GitHubStandIn.ClientSecret,
            authorization_url = $"{github.BaseUrl}/login/oauth/authorize",
            token_url = $"{github.BaseUrl}/login/oauth/access_token",
            userinfo_url = $"{github.ApiUrl}/user",
            scope = "user:email read:org",
            team_mapping = new { rules = new[] { new { group = "acme/platform", team = "sso-github-platform", role = "member" } } },
        }, Cancel))
        {
            Assert.True(provider.StatusCode == HttpStatusCode.Created, await provider.Content.ReadAsStringAsync(Cancel));
        }
        var (login, email) = NewPerson("octo");
        github.NextUser = new GitHubUser(login, email, Orgs: ["acme"], Teams: ["acme/platform"]);
        using var browser = new HeadlessBrowser();
        var start = new Uri(fixture.Origin, "auth/sso/login/github");

        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync(start)).Status);
        await ApproveAsync(email);
        var signedIn = await browser.GetAsync(start);

        Assert.True(signedIn.Status == HttpStatusCode.OK, signedIn.Html);
        var account = await Admin.GetFromJsonAsync<JsonElement>($"/auth/email/admin/users/{email}", Cancel);
        Assert.Equal("github", account.GetProperty("auth_provider").GetString());
        await MembersBecomeAsync(platform, members => members.GetValueOrDefault(email) == "member");
    }

    private static (string Login, string Email) NewPerson(string name)
    {
        var login = $"{name}-{Guid.NewGuid():N}"[..20];
        return (login, $"{login}@corp.example");
    }

    /// <summary>`/auth/sso/login/corp` at the gateway, through the IdP's own pages, to wherever the gateway's callback ends.</summary>
    private async Task<Page> SignInWithSsoAsync(HeadlessBrowser browser, string login, string provider = SsoStackFixture.ProviderId) =>
        await AtIdpAsync(browser, await browser.GetAsync(new Uri(fixture.Origin, $"auth/sso/login/{provider}")), login);

    /// <summary>Answers the IdP's pages (its login form with any password, its consent form) until the browser leaves it.</summary>
    private async Task<Page> AtIdpAsync(HeadlessBrowser browser, Page page, string login)
    {
        for (var pages = 0; page.Address.Authority == fixture.Idp.Issuer.Authority && page.Status == HttpStatusCode.OK; pages++)
        {
            Assert.True(pages < 5, $"stuck at the IdP:\n{page.Html}");
            page = await browser.SubmitAsync(page, page.Html.Contains("name=\"login\"")
                ? new Dictionary<string, string> { ["login"] = login, ["password"] = "any password" }
                : NoFields);
        }
        Assert.True(page.Address.Authority != fixture.Idp.Issuer.Authority, $"the IdP answered {(int)page.Status}:\n{page.Html}");
        return page;
    }

    private async Task ApproveAsync(string email)
    {
        var pending = await Admin.GetFromJsonAsync<JsonElement[]>("/auth/sso/pending-approvals", Cancel);
        var id = pending!.Single(a => a.GetProperty("email").GetString() == email).GetProperty("id").GetString();
        using var approved = await Admin.PostAsJsonAsync($"/auth/sso/pending-approvals/{id}/action", new { action = "approve" }, Cancel);
        Assert.True(approved.StatusCode == HttpStatusCode.OK, await approved.Content.ReadAsStringAsync(Cancel));
    }

    private sealed record Client(string ClientId, string RedirectUri, string AuthorizationEndpoint, string TokenEndpoint);

    /// <summary>A public client registered dynamically (RFC 7591), as an MCP client registers itself.</summary>
    private async Task<Client> RegisterClientAsync()
    {
        var discovery = await Admin.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration", Cancel);
        using var anonymous = new HttpClient();
        using var registered = await anonymous.PostAsJsonAsync(discovery.GetProperty("registration_endpoint").GetString(), new
        {
            client_name = "SSO end-to-end client",
            redirect_uris = new[] { RedirectUri },
            grant_types = new[] { "authorization_code" },
            response_types = new[] { "code" },
            token_endpoint_auth_method = "none",
        }, Cancel);
        Assert.True(registered.StatusCode == HttpStatusCode.Created, await registered.Content.ReadAsStringAsync(Cancel));
        var clientId = (await registered.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("client_id").GetString()!;
        return new Client(clientId, RedirectUri, discovery.GetProperty("authorization_endpoint").GetString()!, discovery.GetProperty("token_endpoint").GetString()!);
    }

    private static (Uri Address, string Verifier) AuthorizationRequest(Client client)
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var address = QueryHelpers.AddQueryString(client.AuthorizationEndpoint, new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = client.ClientId,
            ["redirect_uri"] = client.RedirectUri,
            ["scope"] = "openid profile email",
            ["state"] = Base64Url(RandomNumberGenerator.GetBytes(16)),
            ["code_challenge"] = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))),
            ["code_challenge_method"] = "S256",
        });
        return (new Uri(address), verifier);
    }

    private static async Task<AuthenticationHeaderValue> RedeemAsync(Client client, Uri callback, string verifier)
    {
        var code = QueryHelpers.ParseQuery(callback.Query).TryGetValue("code", out var value) ? value.ToString()
            : throw new InvalidOperationException($"no code in {callback}");
        using var http = new HttpClient();
        using var response = await http.PostAsync(client.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = client.RedirectUri,
            ["client_id"] = client.ClientId,
            ["code_verifier"] = verifier,
        }), Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return new AuthenticationHeaderValue("Bearer", JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString());
    }

    /// <summary>A relying party's code flow in a browser already signed in here: consent, then the code, then our access token.</summary>
    private async Task<AuthenticationHeaderValue> TokenThroughOurProviderAsync(HeadlessBrowser signedIn)
    {
        var client = await RegisterClientAsync();
        var (authorize, verifier) = AuthorizationRequest(client);
        var consent = await signedIn.GetAsync(authorize);
        Assert.True(consent.Html.Contains("Allow access?"), consent.Html);
        await signedIn.SubmitAsync(consent, new Dictionary<string, string> { ["decision"] = "allow" });
        return await RedeemAsync(client, signedIn.StoppedAt ?? throw new InvalidOperationException("the browser never reached the client's redirect_uri"), verifier);
    }

    private async Task<List<JsonElement>> TeamsBecomeAsync(AuthenticationHeaderValue user, Func<List<JsonElement>, bool> condition)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/teams");
            request.Headers.Authorization = user;
            using var response = await Admin.SendAsync(request, Cancel);
            var body = await response.Content.ReadAsStringAsync(Cancel);
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            var teams = JsonDocument.Parse(body).RootElement.GetProperty("teams").EnumerateArray().Select(t => t.Clone()).ToList();
            if (condition(teams))
            {
                return teams;
            }
            Assert.True(waited.Elapsed < Patience, $"the user's teams never became what was expected: {body}");
            await Task.Delay(50, Cancel);
        }
    }

    private async Task MembersBecomeAsync(string teamId, Func<Dictionary<string, string>, bool> condition)
    {
        var waited = Stopwatch.StartNew();
        while (await MembersAsync(teamId) is var members && !condition(members))
        {
            Assert.True(waited.Elapsed < Patience, $"the members of {teamId} never became what was expected: {string.Join(", ", members.Keys)}");
            await Task.Delay(50, Cancel);
        }
    }

    private async Task<string> CreateTeamAsync(string slug)
    {
        using var team = await Admin.PostAsJsonAsync("/teams", new { name = slug, slug, visibility = "private" }, Cancel);
        Assert.True(team.StatusCode == HttpStatusCode.Created, await team.Content.ReadAsStringAsync(Cancel));
        return (await team.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString()!;
    }

    private async Task<Dictionary<string, string>> MembersAsync(string teamId)
    {
        var members = await Admin.GetFromJsonAsync<JsonElement[]>($"/teams/{teamId}/members", Cancel);
        return members!.ToDictionary(m => m.GetProperty("user_email").GetString()!, m => m.GetProperty("role").GetString()!);
    }

    private async Task<HttpStatusCode> StatusAsync(string path)
    {
        using var response = await Admin.GetAsync(path, Cancel);
        return response.StatusCode;
    }

    private static bool IsPersonal(JsonElement team) => team.GetProperty("is_personal").GetBoolean();

    private static Func<JsonElement, bool> Slug(string slug) => team => team.GetProperty("slug").GetString() == slug;

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
