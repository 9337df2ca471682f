using System.Net;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace McpGateway.Admin.Tests;

[Collection(AdminStackCollection.Name)]
public sealed class SignInTests(AdminStackFixture stack) : BrowserTest(stack)
{
    [Fact]
    public async Task A_visitor_is_sent_to_the_providers_login_page_and_comes_back_signed_in()
    {
        await Page.GotoAsync("/admin");
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/oauth/authorize"));

        await SignInAsync(Page, AdminStackFixture.AdminEmail, AdminStackFixture.AdminPassword);

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 })).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("signed-in-as")).ToContainTextAsync(AdminStackFixture.AdminEmail);
        await Expect(Page.GetByTestId("signed-in-as")).ToContainTextAsync("platform admin");
        // Counts and health come from the APIs with the user's token: the platform admin sees the user count.
        await Expect(Page.GetByTestId("counts")).ToContainTextAsync("Users");
        await Expect(Page.GetByTestId("health")).ToContainTextAsync("auth: healthy");
    }

    [Fact]
    public async Task The_providers_login_page_offers_SSO_and_an_SSO_user_comes_back_signed_in()
    {
        Stack.Idp.NextUser = new McpGateway.Auth.Tests.Sso.UpstreamUser("sso-person@example.com", Name: "Sso Person");
        await Page.GotoAsync("/admin/tokens");

        await Page.GetByRole(AriaRole.Link, new() { Name = $"Sign in with {AdminStackFixture.SsoProviderName}" }).ClickAsync();

        await Page.WaitForURLAsync(AdminUrl());
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "API tokens", Level = 1 })).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("signed-in-as")).ToContainTextAsync("sso-person@example.com");
    }

    [Fact]
    public async Task Every_page_carries_a_strict_content_security_policy_and_breaks_none_of_it()
    {
        await SignInAsync(Page, AdminStackFixture.AdminEmail, AdminStackFixture.AdminPassword);

        var response = await Page.ReloadAsync();
        var headers = await response!.AllHeadersAsync();
        Assert.Contains("default-src 'self'", headers["content-security-policy"]);
        Assert.Contains("frame-ancestors 'none'", headers["content-security-policy"]);
        Assert.DoesNotContain("unsafe-inline", headers["content-security-policy"]);
        Assert.Equal("DENY", headers["x-frame-options"]);
        Assert.Contains("no-store", headers["cache-control"]);
        // The theme toggle runs from the script file (an inline script would be refused and logged).
        await Page.GetByRole(AriaRole.Button, new() { Name = "Dark mode" }).ClickAsync();
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        Assert.DoesNotContain(ConsoleMessages, m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Signing_out_ends_the_session_here_and_at_the_provider()
    {
        await SignInAsync(Page, AdminStackFixture.AdminEmail, AdminStackFixture.AdminPassword);

        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        // Back at the UI, which sends the visitor to the provider's login page again: no session on either side.
        await Expect(Page.GetByLabel("Password")).ToBeVisibleAsync();
        Assert.Contains("/oauth/authorize", Page.Url);
    }

    [Fact]
    public async Task The_gateway_sends_admin_to_the_ui_and_the_services_own_admin_paths_to_the_services()
    {
        using var ui = await Stack.Client.GetAsync("/admin", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Found, ui.StatusCode);
        Assert.Contains("/oauth/authorize", ui.Headers.Location!.ToString());

        // The teams service's POST /admin/teams: its JSON problem (no token), not the UI's redirect to sign in.
        using var teams = await Stack.Client.PostAsync("/admin/teams", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, teams.StatusCode);
        Assert.Equal("application/problem+json", teams.Content.Headers.ContentType?.MediaType);
        using var export = await Stack.Client.GetAsync("/admin/export/configuration", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, export.StatusCode);
        Assert.Equal("application/problem+json", export.Content.Headers.ContentType?.MediaType);
    }
}
