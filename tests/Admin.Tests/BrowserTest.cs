using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace McpGateway.Admin.Tests;

/// <summary>
/// A test in its own browser context (its own cookies: one user), with every console message kept (CSP violations are
/// console errors). When the test fails, a screenshot and the page's HTML of every page it opened are saved under
/// TestResults/admin-ui/ as artefacts.
/// </summary>
public abstract partial class BrowserTest(AdminStackFixture stack) : IAsyncLifetime
{
    private readonly List<(IBrowserContext Context, IPage Page)> _opened = [];
    protected AdminStackFixture Stack { get; } = stack;
    protected List<string> ConsoleMessages { get; } = [];
    protected IPage Page { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        if (Stack.Browser is null)
        {
            McpGateway.TestSupport.RequiredTool.Missing("Chromium", $"{AdminStackFixture.ChromiumPath}: apt-get install chromium");
        }
        Page = await NewPageAsync();
    }

    /// <summary>A page in a fresh context: another user, signed in separately.</summary>
    protected async Task<IPage> NewPageAsync()
    {
        var context = await Stack.Browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = Stack.Origin.ToString() });
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            lock (ConsoleMessages)
            {
                ConsoleMessages.Add($"{message.Type}: {message.Text}");
            }
        };
        page.SetDefaultTimeout(30_000);
        _opened.Add((context, page));
        return page;
    }

    /// <summary>Opens the admin UI and signs in on the provider's login page as a user would.</summary>
    protected static async Task SignInAsync(IPage page, string email, string password, string path = "/admin")
    {
        await page.GotoAsync(path);
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(AdminUrl());
    }

    protected static Regex AdminUrl() => AdminPath();

    public async ValueTask DisposeAsync()
    {
        if (TestContext.Current.TestState?.Result is TestResult.Failed)
        {
            await SaveArtefactsAsync();
        }
        foreach (var (context, _) in _opened)
        {
            await context.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }

    private async Task SaveArtefactsAsync()
    {
        var name = Regex.Replace(TestContext.Current.Test?.TestDisplayName ?? "test", "[^A-Za-z0-9_.-]+", "_");
        var directory = Path.Combine(McpGateway.TestSupport.RepositoryPaths.Root, "TestResults", "admin-ui");
        Directory.CreateDirectory(directory);
        for (var i = 0; i < _opened.Count; i++)
        {
            var page = _opened[i].Page;
            if (page.IsClosed)
            {
                continue;
            }
            var file = Path.Combine(directory, $"{name[..Math.Min(name.Length, 120)]}-{i}");
            try
            {
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = file + ".png", FullPage = true });
                await File.WriteAllTextAsync(file + ".html", $"<!-- {page.Url} -->\n" + await page.ContentAsync());
            }
            catch (PlaywrightException)
            {
                // The page is gone with the failure; the others may still be saved.
            }
        }
        await File.WriteAllLinesAsync(Path.Combine(directory, name[..Math.Min(name.Length, 120)] + "-console.txt"), ConsoleMessages);
    }

    [GeneratedRegex(@"/admin(/[^?#]*)?(\?.*)?$")]
    private static partial Regex AdminPath();
}
