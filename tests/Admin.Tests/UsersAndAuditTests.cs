using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace McpGateway.Admin.Tests;

[Collection(AdminStackCollection.Name)]
public sealed class UsersAndAuditTests(AdminStackFixture stack) : BrowserTest(stack)
{
    [Fact]
    public async Task The_platform_admin_creates_disables_and_reenables_a_user()
    {
        const string email = "created-in-ui@example.com";
        await SignInAsync(Page, AdminStackFixture.AdminEmail, AdminStackFixture.AdminPassword, "/admin/users");

        var form = Page.Locator("form", new() { Has = Page.GetByRole(AriaRole.Button, new() { Name = "Create user" }) });
        await form.GetByLabel("Email").FillAsync(email);
        await form.GetByLabel("Password").FillAsync("created-in-ui-password");
        await form.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync($"{email} created");

        await Page.GetByRole(AriaRole.Button, new() { Name = $"Disable {email}" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Row, new() { Name = email })).ToContainTextAsync("disabled");
        await Page.GetByRole(AriaRole.Button, new() { Name = $"Enable {email}" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Row, new() { Name = email })).ToContainTextAsync("active");
    }

    [Fact]
    public async Task The_users_list_is_searched_by_email_or_name_on_the_server_and_keeps_the_search_across_pages()
    {
        foreach (var (email, name) in new[] { ("quill-one@example.com", "Ann Quill"), ("quill-two@example.com", "Bo Quill"), ("plain@example.com", "Cy Quillon") })
        {
            await Stack.SendAsync(HttpMethod.Post, "/auth/email/admin/users", new { email, password = "searched-user-password-1", full_name = name });
        }
        await SignInAsync(Page, AdminStackFixture.AdminEmail, AdminStackFixture.AdminPassword, "/admin/users?limit=2");

        await Page.GetByLabel("Search (email or name)").FillAsync("QUILL");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();

        var rows = Page.GetByTestId("users").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(Page.GetByRole(AriaRole.Navigation, new() { Name = "Pages" })).ToContainTextAsync("1–2 of 3");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Next" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows).ToContainTextAsync("quill-two@example.com");
        await Expect(Page.GetByLabel("Search (email or name)")).ToHaveValueAsync("QUILL");

        await Page.GetByLabel("Search (email or name)").FillAsync("nobody-has-this");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Expect(Page.GetByText("No account matches")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_user_the_api_refuses_shows_its_field_errors()
    {
        await SignInAsync(Page, AdminStackFixture.AdminEmail, AdminStackFixture.AdminPassword, "/admin/users");

        var form = Page.Locator("form", new() { Has = Page.GetByRole(AriaRole.Button, new() { Name = "Create user" }) });
        await form.GetByLabel("Email").FillAsync("short-password@example.com");
        await form.GetByLabel("Password").FillAsync("x");
        await form.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();

        var problem = Page.GetByTestId("problem");
        await Expect(problem).ToContainTextAsync("400");
        await Expect(problem).ToContainTextAsync("password");
        Assert.DoesNotContain("at McpGateway", await Page.ContentAsync());
    }

    [Fact]
    public async Task The_audit_log_and_the_sign_in_events_are_paged_and_filtered_by_the_apis()
    {
        await SignInAsync(Page, AdminStackFixture.AdminEmail, AdminStackFixture.AdminPassword, "/admin/audit");
        await Expect(Page.GetByTestId("audit")).ToBeVisibleAsync();

        await Page.GetByRole(AriaRole.Link, new() { Name = "Sign-in events" }).ClickAsync();
        await Page.GetByLabel("User email").FillAsync(AdminStackFixture.AdminEmail);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();

        Assert.Contains("log=auth", Page.Url);
        await Expect(Page.GetByTestId("auth-events")).ToContainTextAsync(AdminStackFixture.AdminEmail);
    }
}
