using McpGateway.TestSupport.Mcp;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace McpGateway.Admin.Tests;

[Collection(AdminStackCollection.Name)]
public sealed class GatewaysTests(AdminStackFixture stack) : BrowserTest(stack)
{
    [Fact]
    public async Task A_gateway_registered_in_the_UI_shows_its_discovered_tools_keeps_its_secret_and_can_be_refreshed_and_deleted()
    {
        const string secret = "upstream-secret-never-rendered";
        // The stack's catalog process runs on this machine: the in-test server's loopback port is reachable from it.
        await using var upstream = await TestMcpServer.StartAsync(requiredAuthorization: $"Bearer {secret}");
        await SignInAsync(Page, AdminStackFixture.AdminEmail, AdminStackFixture.AdminPassword, "/admin/gateways");

        var form = Page.Locator("form", new() { Has = Page.GetByRole(AriaRole.Button, new() { Name = "Register gateway" }) });
        await form.GetByLabel("Name", new() { Exact = true }).FillAsync("ui-upstream");
        await form.GetByLabel("URL").FillAsync(upstream.Endpoint.ToString());
        await form.GetByLabel("Authentication").SelectOptionAsync("bearer");
        await form.GetByLabel("Secret").FillAsync(secret);
        await form.GetByRole(AriaRole.Button, new() { Name = "Register gateway" }).ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("registered");
        await Expect(Page.GetByTestId("gateways")).ToContainTextAsync("ui-upstream");
        await Expect(Page.GetByTestId("gateways")).ToContainTextAsync("bearer (set)");
        Assert.DoesNotContain(secret, await Page.ContentAsync());

        // Discovery follows registration asynchronously; refreshing from the UI discovers now.
        await Page.GetByRole(AriaRole.Button, new() { Name = "Refresh ui-upstream", Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Refreshed:");
        await Expect(Page.GetByTestId("gateway-tools")).ToContainTextAsync("echo");
        await Expect(Page.GetByTestId("gateway-tools")).ToContainTextAsync("Reachable");
        Assert.Contains($"Bearer {secret}", upstream.AuthorizationHeaders);
        Assert.DoesNotContain(secret, await Page.ContentAsync());

        await Page.GetByRole(AriaRole.Button, new() { Name = "Delete ui-upstream", Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Gateway deleted");
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "ui-upstream", Exact = true })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_registration_the_API_rejects_shows_its_problem_and_not_the_secret()
    {
        await SignInAsync(Page, AdminStackFixture.AdminEmail, AdminStackFixture.AdminPassword, "/admin/gateways");

        var form = Page.Locator("form", new() { Has = Page.GetByRole(AriaRole.Button, new() { Name = "Register gateway" }) });
        await form.GetByLabel("Name", new() { Exact = true }).FillAsync("bad-url");
        // A URL the browser accepts and the API refuses (credentials in it).
        await form.GetByLabel("URL").FillAsync("http://user:pw@127.0.0.1:9/mcp");
        await form.GetByLabel("Authentication").SelectOptionAsync("bearer");
        await form.GetByLabel("Secret").FillAsync("typed-secret-not-echoed");
        await form.GetByRole(AriaRole.Button, new() { Name = "Register gateway" }).ClickAsync();

        await Expect(Page.GetByTestId("problem")).ToContainTextAsync("url");
        Assert.DoesNotContain("typed-secret-not-echoed", await Page.ContentAsync());
    }
}
