using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace McpGateway.Admin.Tests;

/// <summary>The server catalog page against the catalog shipped with the service (services/Catalog/mcp-catalog.yml).</summary>
[Collection(AdminStackCollection.Name)]
public sealed class ServerCatalogTests(AdminStackFixture stack) : BrowserTest(stack)
{
    [Fact]
    public async Task The_catalog_is_paged_and_searched_by_the_API()
    {
        await SignInAsync(Page, AdminStackFixture.AdminEmail, AdminStackFixture.AdminPassword, "/admin/server-catalog?limit=2");

        var rows = Page.GetByTestId("server-catalog").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(Page.GetByRole(AriaRole.Navigation, new() { Name = "Pages" })).ToContainTextAsync("1–2 of 7");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Next" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Navigation, new() { Name = "Pages" })).ToContainTextAsync("3–4 of 7");

        await Page.GetByLabel("Search (name or description)").FillAsync("vulnerabilities");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows).ToContainTextAsync("Semgrep");

        await Page.GotoAsync("/admin/server-catalog");
        await Page.GetByLabel("Category").SelectOptionAsync("Documentation");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.First).ToContainTextAsync("Cloudflare Docs");
        await Expect(rows.Nth(1)).ToContainTextAsync("Microsoft Learn Docs");
    }

    [Fact]
    public async Task Add_registers_the_server_as_a_gateway_and_a_second_add_shows_the_APIs_conflict()
    {
        await SignInAsync(Page, AdminStackFixture.AdminEmail, AdminStackFixture.AdminPassword, "/admin/server-catalog?search=deepwiki");

        await Page.GetByLabel("Gateway name for DeepWiki").FillAsync("catalog-deepwiki");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Add DeepWiki" }).ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("\"catalog-deepwiki\" added as a gateway");
        await Expect(Page.GetByTestId("gateways")).ToContainTextAsync("https://mcp.deepwiki.com/mcp");

        await Page.GotoAsync("/admin/server-catalog?search=deepwiki");
        await Page.GetByLabel("Gateway name for DeepWiki").FillAsync("catalog-deepwiki");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Add DeepWiki" }).ClickAsync();

        var problem = Page.GetByTestId("problem");
        await Expect(problem).ToContainTextAsync("409");
        await Expect(problem).ToContainTextAsync("catalog-deepwiki");
        // The catalog is still there to pick another name or server.
        await Expect(Page.GetByTestId("server-catalog")).ToContainTextAsync("DeepWiki");
    }

    [Fact]
    public async Task A_server_that_needs_a_key_is_refused_without_one_and_a_typed_key_is_never_rendered()
    {
        await SignInAsync(Page, AdminStackFixture.AdminEmail, AdminStackFixture.AdminPassword, "/admin/server-catalog?search=hugging");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Add Hugging Face" }).ClickAsync();
        await Expect(Page.GetByTestId("problem")).ToContainTextAsync("api_key");

        await Page.GetByLabel("Gateway name for Hugging Face").FillAsync("catalog-hf");
        await Page.GetByLabel("API key for Hugging Face").FillAsync("hf-key-never-rendered");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Add Hugging Face" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("\"catalog-hf\" added as a gateway");
        await Expect(Page.GetByTestId("gateways")).ToContainTextAsync("bearer (set)");
        Assert.DoesNotContain("hf-key-never-rendered", await Page.ContentAsync());
    }
}
