using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace McpGateway.Admin.Tests;

[Collection(AdminStackCollection.Name)]
public sealed class TeamsTests(AdminStackFixture stack) : BrowserTest(stack)
{
    private const string Password = "team-member-password-1";

    [Fact]
    public async Task Creating_a_team_opens_its_page_with_the_creator_as_owner()
    {
        await SignInAsync(Page, AdminStackFixture.AdminEmail, AdminStackFixture.AdminPassword, "/admin/team-list");

        await CreateTeamAsync(Page, "Platform crew");

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Platform crew", Level = 1 })).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("members")).ToContainTextAsync(AdminStackFixture.AdminEmail);
        await Expect(Page.GetByRole(AriaRole.Combobox, new() { Name = $"Role of {AdminStackFixture.AdminEmail}" })).ToHaveValueAsync("owner");
        await Page.GetByRole(AriaRole.Link, new() { Name = "All teams" }).ClickAsync();
        await Expect(Page.GetByTestId("teams")).ToContainTextAsync("Platform crew");
    }

    [Fact]
    public async Task A_refused_team_shows_the_APIs_problem_on_the_page()
    {
        await SignInAsync(Page, AdminStackFixture.AdminEmail, AdminStackFixture.AdminPassword, "/admin/team-list");
        await CreateTeamAsync(Page, "Slug owner", slug: "taken-slug");

        await Page.GotoAsync("/admin/team-list");
        await CreateTeamAsync(Page, "Slug thief", slug: "taken-slug");

        var problem = Page.GetByTestId("problem");
        await Expect(problem).ToContainTextAsync("409");
        await Expect(problem).ToContainTextAsync("taken-slug");
        // The form keeps what was typed, to correct it.
        await Expect(Page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("Slug thief");
    }

    [Fact]
    public async Task An_invited_user_accepts_from_the_link_in_a_browser_of_their_own()
    {
        const string invitee = "invitee@example.com";
        await Stack.CreateUserAsync(invitee, Password);
        await SignInAsync(Page, AdminStackFixture.AdminEmail, AdminStackFixture.AdminPassword, "/admin/team-list");
        await CreateTeamAsync(Page, "Invited crew");

        var invite = Page.Locator("form", new() { Has = Page.GetByRole(AriaRole.Button, new() { Name = "Create invitation" }) });
        await invite.GetByLabel("Email").FillAsync(invitee);
        await invite.GetByRole(AriaRole.Button, new() { Name = "Create invitation" }).ClickAsync();
        var link = await Page.GetByLabel("Invitation link").InputValueAsync();
        Assert.Contains("/admin/invitation?token=", link);
        // Shown once: the page again shows no link.
        await Page.ReloadAsync();
        await Expect(Page.GetByTestId("invitation-secret")).ToHaveCountAsync(0);

        var invited = await NewPageAsync();
        await SignInAsync(invited, invitee, Password, link);
        await invited.GetByRole(AriaRole.Button, new() { Name = "Accept the invitation" }).ClickAsync();

        await Expect(invited.GetByRole(AriaRole.Heading, new() { Name = "Invited crew", Level = 1 })).ToBeVisibleAsync();
        await Expect(invited.GetByTestId("members")).ToContainTextAsync(invitee);
    }

    [Fact]
    public async Task An_owner_sees_the_open_invitations_and_a_revoked_one_cannot_be_accepted()
    {
        const string invitee = "revoked-invitee@example.com";
        await Stack.CreateUserAsync(invitee, Password);
        await SignInAsync(Page, AdminStackFixture.AdminEmail, AdminStackFixture.AdminPassword, "/admin/team-list");
        await CreateTeamAsync(Page, "Revoking crew");
        var invite = Page.Locator("form", new() { Has = Page.GetByRole(AriaRole.Button, new() { Name = "Create invitation" }) });
        await invite.GetByLabel("Email").FillAsync(invitee);
        await invite.GetByRole(AriaRole.Button, new() { Name = "Create invitation" }).ClickAsync();
        var link = await Page.GetByLabel("Invitation link").InputValueAsync();

        await Page.ReloadAsync();
        var invitations = Page.GetByTestId("invitations");
        await Expect(invitations).ToContainTextAsync(invitee);
        await Expect(invitations).ToContainTextAsync(AdminStackFixture.AdminEmail);
        Assert.DoesNotContain(new Uri(link).Query, await Page.ContentAsync());

        await Page.GetByRole(AriaRole.Button, new() { Name = $"Revoke the invitation of {invitee}" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("revoked");
        await Expect(Page.GetByTestId("invitations")).ToHaveCountAsync(0);
        await Expect(Page.GetByText("No open invitations.")).ToBeVisibleAsync();

        var invited = await NewPageAsync();
        await SignInAsync(invited, invitee, Password, link);
        await invited.GetByRole(AriaRole.Button, new() { Name = "Accept the invitation" }).ClickAsync();
        await Expect(invited.GetByTestId("problem")).ToContainTextAsync("404");
    }

    [Fact]
    public async Task A_member_never_sees_another_teams_private_team()
    {
        const string outsider = "outsider@example.com";
        await Stack.CreateUserAsync(outsider, Password);
        await SignInAsync(Page, AdminStackFixture.AdminEmail, AdminStackFixture.AdminPassword, "/admin/team-list");
        await CreateTeamAsync(Page, "Secret crew");
        var secretTeamPath = new Uri(Page.Url).AbsolutePath;

        var other = await NewPageAsync();
        await SignInAsync(other, outsider, Password, "/admin/team-list");
        await Expect(other.GetByRole(AriaRole.Heading, new() { Name = "Teams", Level = 1 })).ToBeVisibleAsync();
        Assert.DoesNotContain("Secret crew", await other.ContentAsync());
        // Nor by its address.
        var response = await other.GotoAsync(secretTeamPath);
        Assert.Equal(404, response!.Status);
        Assert.DoesNotContain("Secret crew", await other.ContentAsync());
        // Nor in the navigation's platform-admin sections.
        await Expect(other.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToHaveCountAsync(0);
    }

    private static async Task CreateTeamAsync(IPage page, string name, string? slug = null)
    {
        var form = page.Locator("form", new() { Has = page.GetByRole(AriaRole.Button, new() { Name = "Create team" }) });
        await form.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        if (slug is not null)
        {
            await form.GetByLabel("Slug").FillAsync(slug);
        }
        await form.GetByRole(AriaRole.Button, new() { Name = "Create team" }).ClickAsync();
    }
}
