using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace McpGateway.Admin.Tests;

[Collection(AdminStackCollection.Name)]
public sealed class TokensTests(AdminStackFixture stack) : BrowserTest(stack)
{
    [Fact]
    public async Task A_new_tokens_secret_is_shown_once_works_and_stops_working_once_revoked()
    {
        await SignInAsync(Page, AdminStackFixture.AdminEmail, AdminStackFixture.AdminPassword, "/admin/tokens");

        var form = Page.Locator("form", new() { Has = Page.GetByRole(AriaRole.Button, new() { Name = "Create token" }) });
        await form.GetByLabel("Name", new() { Exact = true }).FillAsync("ci deploy");
        await form.GetByLabel("Expires in days").FillAsync("7");
        await form.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();

        var secret = await Page.GetByLabel("Token", new() { Exact = true }).InputValueAsync();
        Assert.False(string.IsNullOrEmpty(secret));
        var response = await Page.ReloadAsync();
        Assert.Contains("no-store", (await response!.AllHeadersAsync())["cache-control"]);
        await Expect(Page.GetByTestId("token-secret")).ToHaveCountAsync(0);
        Assert.DoesNotContain(secret, await Page.ContentAsync());
        await Expect(Page.GetByTestId("tokens")).ToContainTextAsync("ci deploy");
        Assert.Equal(200, await StatusWithAsync(secret));
        await Page.GetByRole(AriaRole.Link, new() { Name = "Usage of ci deploy" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Usage of ci deploy", Level = 1 })).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = "All tokens" }).ClickAsync();

        await Page.GetByRole(AriaRole.Button, new() { Name = "Revoke ci deploy" }).ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Token revoked");
        // The revocation reaches the teams service's deny-list as an integration event: soon, not within this request.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var status = await StatusWithAsync(secret);
        while (status != 401 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, TestContext.Current.CancellationToken);
            status = await StatusWithAsync(secret);
        }
        Assert.Equal(401, status);
    }

    private async Task<int> StatusWithAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/teams");
        request.Headers.Authorization = new("Bearer", token);
        using var response = await Stack.Client.SendAsync(request, TestContext.Current.CancellationToken);
        return (int)response.StatusCode;
    }
}
