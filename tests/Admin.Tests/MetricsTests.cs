using McpGateway.TestSupport.Mcp;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace McpGateway.Admin.Tests;

[Collection(AdminStackCollection.Name)]
public sealed class MetricsTests(AdminStackFixture stack) : BrowserTest(stack)
{
    [Fact]
    public async Task A_call_made_in_the_UI_is_counted_on_the_metrics_page_of_its_virtual_server()
    {
        await using var upstream = await TestMcpServer.StartAsync();
        var (_, tools) = await Stack.FederateAsync("metrics-ui-upstream", upstream);
        var echo = tools.Single(t => t.Key.EndsWith("echo", StringComparison.Ordinal));
        await Stack.CreateServerAsync("metrics-ui-server", [echo.Value]);
        await SignInAsync(Page, AdminStackFixture.AdminEmail, AdminStackFixture.AdminPassword, $"/admin/tool/{echo.Value}");
        await Page.GetByLabel("message (required)").FillAsync("counted");
        await Page.GetByRole(AriaRole.Button, new() { Name = $"Call {echo.Key}" }).ClickAsync();
        await Expect(Page.GetByTestId("tool-result")).ToContainTextAsync("echo: counted");

        await Page.GotoAsync("/admin/metrics?kind=servers");

        var row = Page.GetByTestId("metrics").GetByRole(AriaRole.Row, new() { Name = "metrics-ui-server" });
        await Expect(row.GetByRole(AriaRole.Cell).Nth(1)).ToHaveTextAsync("1");
        await Expect(row.GetByRole(AriaRole.Cell).Nth(2)).ToHaveTextAsync("0");
        await Expect(row.GetByRole(AriaRole.Cell).Nth(8)).Not.ToHaveTextAsync("never");
    }
}
