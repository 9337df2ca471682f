using System.Text.Json;
using System.Text.RegularExpressions;
using McpGateway.TestSupport;

namespace McpGateway.Mcp.Tests;

/// <summary>
/// The MCP conformance suite (`@modelcontextprotocol/conformance` 0.1.10, locked in Everything/package-lock.json; the
/// newest that runs on Debian's Node.js 20): its server scenarios run against one MCP endpoint, and the outcome of each
/// check they made, read from the `checks.json` it writes per scenario.
/// </summary>
public static partial class ConformanceSuite
{
    /// <summary>Each check as `scenario/check-id`, with its outcome.</summary>
    public static async Task<IReadOnlyDictionary<string, ConformanceCheck>> RunAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        await EverythingServer.InstallAsync(cancellationToken);
        using var output = new TempDirectory();
        using var run = EverythingServer.Start("node",
            [EverythingServer.Package("conformance", "dist", "index.js"), "server", "--url", endpoint.AbsoluteUri, "--output-dir", output.Path], port: null);
        // Read while it runs, so a run with much to say never blocks on a full pipe.
        var errors = run.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await run.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromMinutes(5), cancellationToken);
        }
        finally
        {
            if (!run.HasExited)
            {
                run.Kill(entireProcessTree: true);
            }
        }
        // It exits 1 when any check fails, which is expected (not every scenario passes even against the reference server).
        var checks = new SortedDictionary<string, ConformanceCheck>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(output.Path, "checks.json", SearchOption.AllDirectories))
        {
            var scenario = ScenarioOf(Path.GetFileName(Path.GetDirectoryName(file)!));
            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(file, cancellationToken));
            foreach (var check in document.RootElement.EnumerateArray())
            {
                checks[$"{scenario}/{check.GetProperty("id").GetString()}"] = new ConformanceCheck(
                    check.GetProperty("status").GetString() ?? "",
                    check.TryGetProperty("errorMessage", out var error) ? error.GetString() : null,
                    check.TryGetProperty("details", out var details) ? JsonSerializer.Serialize(details) : null);
            }
        }
        Assert.True(checks.Count > 0, $"The conformance suite (exit code {run.ExitCode}) reported no checks against {endpoint}: {await errors}");
        return checks;
    }

    public static IReadOnlyList<string> Passing(IReadOnlyDictionary<string, ConformanceCheck> checks) =>
        checks.Where(c => c.Value.Passed).Select(c => c.Key).ToList();

    // Its result directories are named `server-{scenario}-{timestamp}`.
    private static string ScenarioOf(string directory) => ResultDirectory().Match(directory) is { Success: true } match ? match.Groups[1].Value : directory;

    [GeneratedRegex(@"^server-(.+)-\d{4}-\d{2}-\d{2}T[\d-]+Z$")]
    private static partial Regex ResultDirectory();
}

/// <summary>One check's outcome: its status (`SUCCESS`, `FAILURE`, `WARNING`...), why it failed, what it saw (JSON).</summary>
public sealed record ConformanceCheck(string Status, string? ErrorMessage, string? Details)
{
    public bool Passed => Status == "SUCCESS";

    public override string ToString() => ErrorMessage is null ? Status : $"{Status}: {ErrorMessage}";
}
