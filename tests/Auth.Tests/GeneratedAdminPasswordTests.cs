using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using McpGateway.TestSupport;

namespace McpGateway.Auth.Tests;

/// <summary>
/// The real auth executable started as an operator starts it, with no PLATFORM_ADMIN_PASSWORD: the generated password
/// must reach the operator once, on stdout, and never the structured log.
/// </summary>
public sealed partial class GeneratedAdminPasswordTests
{
    private const string Email = "root@example.com";
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_a_configured_password_a_generated_one_is_printed_once_and_never_logged_and_a_restart_prints_nothing()
    {
        using var home = new TempDirectory();

        var first = await RunAsync(home.Path, async (baseAddress, output) =>
        {
            var password = GeneratedPassword().Match(output).Groups["password"].Value;
            Assert.True(password.Length >= 20, $"no generated password in the output:\n{output}");
            await AssertSignsInAsAdminAsync(baseAddress, password);
            return password;
        });
        var second = await RunAsync(home.Path, async (baseAddress, output) =>
        {
            await AssertSignsInAsAdminAsync(baseAddress, first.Result);
            return "";
        });

        Assert.Single(Regex.Matches(first.Output, $"PLATFORM ADMINISTRATOR CREATED: {Regex.Escape(Email)}"));
        Assert.Single(Regex.Matches(first.Output + first.Error, Regex.Escape(first.Result))); // in the frame only
        Assert.All(first.Output.Split('\n').Where(line => line.StartsWith('{')), line => Assert.DoesNotContain(first.Result, line));
        Assert.DoesNotContain("PLATFORM ADMINISTRATOR CREATED", second.Output);
        Assert.DoesNotContain(first.Result, second.Output + second.Error);
    }

    private static async Task AssertSignsInAsAdminAsync(Uri baseAddress, string password)
    {
        using var client = new HttpClient { BaseAddress = baseAddress };
        using var response = await client.PostAsJsonAsync("/auth/email/login", new { email = Email, password }, Cancel);
        Assert.True((await HttpAssert.JsonAsync(response)).GetProperty("user").GetProperty("is_admin").GetBoolean());
    }

    private sealed record Run(string Output, string Error, string Result);

    /// <summary>Starts the service on SQLite in <paramref name="home"/>, waits until healthy, runs <paramref name="check"/>, stops it.</summary>
    private static async Task<Run> RunAsync(string home, Func<Uri, string, Task<string>> check)
    {
        var address = new Uri($"http://127.0.0.1:{PostgresServer.FreePort()}");
        var environment = new Dictionary<string, string>
        {
            ["MCPGATEWAY_HOME"] = home,
            ["ASPNETCORE_URLS"] = address.ToString(),
            ["LOG_FORMAT"] = "json",
            ["PLATFORM_ADMIN_EMAIL"] = Email,
            ["PLATFORM_ADMIN_PASSWORD"] = "", // empty is unset, whatever the developer's shell holds
        };
        using var process = ServiceProcess.Start("auth", environment);
        var output = new StringBuilder();
        var error = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (error) { error.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        string Text(StringBuilder builder) { lock (builder) { return builder.ToString(); } }
        try
        {
            await WaitUntilHealthyAsync(process, address, () => Text(output) + Text(error));
            var result = await check(address, Text(output));
            return new Run(Text(output), Text(error), result);
        }
        finally
        {
            if (!process.HasExited)
            {
                using var interrupt = Process.Start("kill", ["-INT", process.Id.ToString()])!;
                await interrupt.WaitForExitAsync(Cancel);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                try
                {
                    await process.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
        }
    }

    private static async Task WaitUntilHealthyAsync(Process process, Uri address, Func<string> output)
    {
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(process.HasExited, $"the auth service exited with {(process.HasExited ? process.ExitCode : 0)}:\n{output()}");
            try
            {
                using var response = await client.GetAsync("/health", Cancel);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !Cancel.IsCancellationRequested))
            {
                // not listening yet, or too busy starting to answer within the client's timeout
            }
            await Task.Delay(200, Cancel);
        }
        Assert.Fail($"the auth service was not healthy within 90 s:\n{output()}");
    }

    [GeneratedRegex(@"Generated password[^\n]*\n\s*\n[ \t]+(?<password>\S+)[ \t]*\r?\n")]
    private static partial Regex GeneratedPassword();
}
