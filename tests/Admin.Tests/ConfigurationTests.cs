using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace McpGateway.Admin.Tests;

[Collection(AdminStackCollection.Name)]
public sealed class ConfigurationTests(AdminStackFixture stack) : BrowserTest(stack)
{
    [Fact]
    public async Task An_exported_file_imported_in_dry_run_reports_each_entity_and_changes_nothing()
    {
        await Stack.CreateServerAsync("export-ui-server", []);
        await SignInAsync(Page, AdminStackFixture.AdminEmail, AdminStackFixture.AdminPassword, "/admin/configuration");

        var download = await Page.RunAndWaitForDownloadAsync(() =>
            Page.GetByRole(AriaRole.Button, new() { Name = "Export configuration" }).ClickAsync());
        Assert.EndsWith(".json", download.SuggestedFilename);
        var file = Path.Combine(Path.GetTempPath(), $"admin-ui-export-{Guid.NewGuid():N}.json");
        try
        {
            await download.SaveAsAsync(file);
            using (var exported = JsonDocument.Parse(await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken)))
            {
                Assert.Contains("export-ui-server", exported.RootElement.GetRawText());
            }
            var before = await ServerCountAsync();

            await Page.GetByLabel("Export file").SetInputFilesAsync(file);
            await Page.GetByLabel("When an entity exists already").SelectOptionAsync("rename");
            await Expect(Page.GetByLabel("Dry run")).ToBeCheckedAsync();
            await Page.GetByRole(AriaRole.Button, new() { Name = "Import configuration" }).ClickAsync();

            var report = Page.GetByTestId("import-report");
            await Expect(report.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Dry run: what the import would do");
            await Expect(report).ToContainTextAsync("conflicts: rename");
            var row = Page.GetByTestId("import-entities").GetByRole(AriaRole.Row, new() { Name = "export-ui-server" });
            await Expect(row.GetByRole(AriaRole.Cell).Nth(0)).ToHaveTextAsync("server");
            await Expect(row.GetByRole(AriaRole.Cell).Nth(2)).ToHaveTextAsync("created");
            await Expect(row).ToContainTextAsync("export-ui-server_imported_");
            Assert.Equal(before, await ServerCountAsync());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task An_import_refused_for_conflicts_shows_which_entities_conflicted()
    {
        await Stack.CreateServerAsync("conflicting-ui-server", []);
        await SignInAsync(Page, AdminStackFixture.AdminEmail, AdminStackFixture.AdminPassword, "/admin/configuration");
        await Page.GetByLabel("Only these types").FillAsync("servers");
        var download = await Page.RunAndWaitForDownloadAsync(() =>
            Page.GetByRole(AriaRole.Button, new() { Name = "Export configuration" }).ClickAsync());
        var file = Path.Combine(Path.GetTempPath(), $"admin-ui-conflict-{Guid.NewGuid():N}.json");
        try
        {
            await download.SaveAsAsync(file);
            var before = await ServerCountAsync();

            await Page.GetByLabel("Export file").SetInputFilesAsync(file);
            await Page.GetByLabel("When an entity exists already").SelectOptionAsync("fail");
            await Page.GetByLabel("Dry run").UncheckAsync();
            await Page.GetByRole(AriaRole.Button, new() { Name = "Import configuration" }).ClickAsync();

            var problem = Page.GetByTestId("problem");
            await Expect(problem).ToContainTextAsync("409");
            await Expect(problem).ToContainTextAsync("nothing was written");
            var report = Page.GetByTestId("import-report");
            await Expect(report.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Import refused: the conflicts");
            var row = Page.GetByTestId("import-entities").GetByRole(AriaRole.Row, new() { Name = "conflicting-ui-server" });
            await Expect(row.GetByRole(AriaRole.Cell).Nth(2)).ToHaveTextAsync("failed");
            await Expect(row).ToContainTextAsync("already exists");
            Assert.Equal(before, await ServerCountAsync());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_file_that_is_not_JSON_is_refused_with_a_problem()
    {
        await SignInAsync(Page, AdminStackFixture.AdminEmail, AdminStackFixture.AdminPassword, "/admin/configuration");

        await Page.GetByLabel("Export file").SetInputFilesAsync(new FilePayload { Name = "broken.json", MimeType = "application/json", Buffer = "{ not json"u8.ToArray() });
        await Page.GetByRole(AriaRole.Button, new() { Name = "Import configuration" }).ClickAsync();

        await Expect(Page.GetByTestId("problem")).ToContainTextAsync("The file is not JSON");
        await Expect(Page.GetByTestId("import-report")).ToHaveCountAsync(0);
    }

    private async Task<int> ServerCountAsync() =>
        (await Stack.SendAsync(HttpMethod.Get, "/servers?include_pagination=true&limit=1", null)).GetProperty("total").GetInt32();
}
