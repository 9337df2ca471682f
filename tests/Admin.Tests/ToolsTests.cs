using McpGateway.TestSupport.Mcp;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace McpGateway.Admin.Tests;

[Collection(AdminStackCollection.Name)]
public sealed class ToolsTests(AdminStackFixture stack) : BrowserTest(stack)
{
    [Fact]
    public async Task A_tool_called_from_its_generated_form_shows_its_answer_structured_content_and_errors()
    {
        await using var upstream = await TestMcpServer.StartAsync();
        var (gatewayId, tools) = await Stack.FederateAsync("tools-ui-upstream", upstream);
        await Stack.CreateServerAsync("tools-ui-server", tools.Values);
        await SignInAsync(Page, AdminStackFixture.AdminEmail, AdminStackFixture.AdminPassword, $"/admin/tools?gatewayId={gatewayId}");

        var echo = tools.Single(t => t.Key.EndsWith("echo", StringComparison.Ordinal)).Key;
        await Page.GetByTestId("tools").GetByRole(AriaRole.Link, new() { Name = echo, Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = $"Tool {echo}", Level = 1 })).ToBeVisibleAsync();
        await Page.GetByLabel("message (required)").FillAsync("hello from the admin UI");
        await Page.GetByRole(AriaRole.Button, new() { Name = $"Call {echo}" }).ClickAsync();
        await Expect(Page.GetByTestId("tool-result")).ToContainTextAsync("echo: hello from the admin UI");

        var add = tools.Single(t => t.Key.EndsWith("add", StringComparison.Ordinal)).Key;
        await Page.GotoAsync($"/admin/tool/{tools[add]}");
        await Page.GetByLabel("a (required)").FillAsync("2");
        await Page.GetByLabel("b (required)").FillAsync("40");
        await Page.GetByRole(AriaRole.Button, new() { Name = $"Call {add}" }).ClickAsync();
        await Expect(Page.GetByTestId("tool-result")).ToContainTextAsync("Structured content");
        await Expect(Page.GetByTestId("tool-result")).ToContainTextAsync("42");

        var fail = tools.Single(t => t.Key.EndsWith("fail", StringComparison.Ordinal)).Key;
        await Page.GotoAsync($"/admin/tool/{tools[fail]}");
        await Page.GetByRole(AriaRole.Button, new() { Name = $"Call {fail}" }).ClickAsync();
        await Expect(Page.GetByTestId("tool-result")).ToContainTextAsync("The tool reported an error");
        await Expect(Page.GetByTestId("tool-result")).ToContainTextAsync("it failed, as asked");
    }

    [Fact]
    public async Task A_tool_in_no_virtual_server_of_the_user_says_how_to_try_it()
    {
        await using var upstream = await TestMcpServer.StartAsync();
        var (_, tools) = await Stack.FederateAsync("tools-ui-lonely", upstream);
        await SignInAsync(Page, AdminStackFixture.AdminEmail, AdminStackFixture.AdminPassword, $"/admin/tool/{tools.Values.First()}");

        await Expect(Page.GetByText("No virtual server of yours includes this tool")).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Call ") })).ToHaveCountAsync(0);
    }
}
