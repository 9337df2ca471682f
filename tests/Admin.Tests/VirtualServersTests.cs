using System.Net.Http.Json;
using System.Text.Json;
using McpGateway.TestSupport.Mcp;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace McpGateway.Admin.Tests;

[Collection(AdminStackCollection.Name)]
public sealed class VirtualServersTests(AdminStackFixture stack) : BrowserTest(stack)
{
    [Fact]
    public async Task A_server_composed_in_the_UI_serves_its_chosen_tools_at_the_MCP_URL_its_page_shows()
    {
        await using var upstream = await TestMcpServer.StartAsync();
        var (_, tools) = await Stack.FederateAsync("compose-ui-upstream", upstream);
        var echo = tools.Keys.Single(n => n.EndsWith("echo", StringComparison.Ordinal));
        var add = tools.Keys.Single(n => n.EndsWith("add", StringComparison.Ordinal));
        await SignInAsync(Page, AdminStackFixture.AdminEmail, AdminStackFixture.AdminPassword, "/admin/virtual-servers");

        var form = Page.Locator("form", new() { Has = Page.GetByRole(AriaRole.Button, new() { Name = "Create virtual server" }) });
        await form.GetByLabel("Name", new() { Exact = true }).FillAsync("composed-in-ui");
        await form.GetByLabel("Visibility").SelectOptionAsync("public");
        await form.GetByRole(AriaRole.Checkbox, new() { Name = echo }).CheckAsync();
        await form.GetByRole(AriaRole.Checkbox, new() { Name = add }).CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Create virtual server" }).ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Virtual server composed-in-ui", Level = 1 })).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("created");
        await Expect(Page.GetByTestId("server-tools")).ToContainTextAsync(echo);
        await Expect(Page.GetByTestId("server-tools")).ToContainTextAsync(add);
        var mcpUrl = await Page.GetByTestId("mcp-url").InputValueAsync();
        Assert.StartsWith(Stack.Origin.ToString().TrimEnd('/') + "/servers/", mcpUrl);
        Assert.EndsWith("/mcp", mcpUrl);
        using (var config = JsonDocument.Parse(await Page.GetByTestId("client-config").InputValueAsync()))
        {
            Assert.Equal(mcpUrl, config.RootElement.GetProperty("mcpServers").GetProperty("composed-in-ui").GetProperty("url").GetString());
        }

        // The URL the page shows is the server's MCP endpoint, listing exactly the chosen tools.
        var listed = await ToolsListedAtAsync(mcpUrl);
        Assert.Equal(new[] { add, echo }.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));

        await Page.GetByRole(AriaRole.Button, new() { Name = "Delete composed-in-ui" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Virtual server deleted");
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "composed-in-ui" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_tool_picker_is_searched_and_paged_by_the_API_and_keeps_choices_made_on_other_pages()
    {
        var marker = $"pick{Guid.NewGuid():N}"[..10];
        // One after another: 60 at once on the busy test machine once answered a 409 for a name created only once.
        for (var i = 0; i < 60; i++)
        {
            await Stack.SendAsync(HttpMethod.Post, "/tools", new { name = $"{marker}-{i:00}", url = "https://tools.example.com/run" });
        }
        await SignInAsync(Page, AdminStackFixture.AdminEmail, AdminStackFixture.AdminPassword, "/admin/virtual-servers");

        var form = Page.Locator("form", new() { Has = Page.GetByRole(AriaRole.Button, new() { Name = "Create virtual server" }) });
        await form.GetByLabel("Name", new() { Exact = true }).FillAsync("picked-across-pages");
        await form.GetByLabel("Search tools by name").FillAsync(marker.ToUpperInvariant());
        await form.GetByRole(AriaRole.Button, new() { Name = "Search tools" }).ClickAsync();

        var tools = Page.GetByTestId("picker-tools");
        await Expect(tools.GetByRole(AriaRole.Checkbox)).ToHaveCountAsync(McpGateway.Admin.Pages.VirtualServersModel.ChoicesPerPage);
        await Expect(tools.GetByRole(AriaRole.Navigation)).ToContainTextAsync("1–50 of 60");
        await tools.GetByRole(AriaRole.Checkbox, new() { Name = $"{marker}-03" }).CheckAsync();
        await tools.GetByRole(AriaRole.Button, new() { Name = "Next tools" }).ClickAsync();

        await Expect(tools.GetByRole(AriaRole.Navigation)).ToContainTextAsync("51–60 of 60");
        await Expect(tools.GetByRole(AriaRole.Checkbox)).ToHaveCountAsync(10);
        await Expect(form.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("picked-across-pages");
        await Expect(tools).ToContainTextAsync("1 chosen");
        await tools.GetByRole(AriaRole.Checkbox, new() { Name = $"{marker}-57" }).CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Create virtual server" }).ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Virtual server picked-across-pages", Level = 1 })).ToBeVisibleAsync();
        var serverTools = Page.GetByTestId("server-tools");
        await Expect(serverTools).ToContainTextAsync($"{marker}-03");
        await Expect(serverTools).ToContainTextAsync($"{marker}-57");
        await Expect(serverTools).Not.ToContainTextAsync($"{marker}-04");
    }

    [Fact]
    public async Task A_server_the_API_rejects_shows_its_problem_and_keeps_the_choices()
    {
        await SignInAsync(Page, AdminStackFixture.AdminEmail, AdminStackFixture.AdminPassword, "/admin/virtual-servers");

        var form = Page.Locator("form", new() { Has = Page.GetByRole(AriaRole.Button, new() { Name = "Create virtual server" }) });
        await form.GetByLabel("Name", new() { Exact = true }).EvaluateAsync("input => input.removeAttribute('maxlength')");
        await form.GetByLabel("Name", new() { Exact = true }).FillAsync(new string('n', 300));
        await form.GetByRole(AriaRole.Button, new() { Name = "Create virtual server" }).ClickAsync();

        await Expect(Page.GetByTestId("problem")).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Virtual servers", Level = 1 })).ToBeVisibleAsync();
    }

    private async Task<List<string>> ToolsListedAtAsync(string mcpUrl)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, mcpUrl)
        {
            Content = JsonContent.Create(new
            {
                jsonrpc = "2.0", id = 1, method = "tools/list",
                @params = new Dictionary<string, object>
                {
                    ["_meta"] = new Dictionary<string, object>
                    {
                        ["io.modelcontextprotocol/protocolVersion"] = "2026-07-28",
                        ["io.modelcontextprotocol/clientInfo"] = new { name = "test", version = "1" },
                        ["io.modelcontextprotocol/clientCapabilities"] = new { },
                    },
                },
            }),
        };
        request.Headers.Authorization = new("Bearer", await Stack.CachedAdminTokenAsync());
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", "2026-07-28");
        request.Headers.Add("Mcp-Method", "tools/list");
        using var response = await Stack.Client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {text}");
        var json = text.TrimStart().StartsWith('{')
            ? text
            : text.Split('\n').Where(l => l.StartsWith("data:", StringComparison.Ordinal)).Select(l => l[5..].Trim()).Last(l => l.Contains("\"result\"", StringComparison.Ordinal));
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("result").GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToList();
    }
}
