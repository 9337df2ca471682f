using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using McpGateway.TestSupport;

namespace McpGateway.EndToEnd.Tests.Oidc;

/// <summary>
/// Runs the openid-client relying party in rp/ with Node.js: installs its locked packages with `npm ci` when they are
/// missing, and fails (never skips) in CI when Node.js is not installed.
/// </summary>
public static class NodeRelyingParty
{
    public static string Directory { get; } = Path.Combine(RepositoryPaths.Root, "tests", "EndToEnd.Tests", "Oidc", "rp");

    public static async Task<JsonElement> RunAsync(IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        if (await TryRunAsync("node", ["--version"], cancellationToken) is not { ExitCode: 0 })
        {
            RequiredTool.Missing("Node.js 20", "apt-get install nodejs npm");
        }
        if (!File.Exists(Path.Combine(Directory, "node_modules", "openid-client", "package.json")))
        {
            var install = await TryRunAsync("npm", ["ci", "--no-audit", "--no-fund", "--prefix", Directory], cancellationToken);
            Assert.True(install is { ExitCode: 0 }, $"npm ci in {Directory} failed: {install?.Output}");
        }

        var run = await TryRunAsync("node", [Path.Combine(Directory, "relying-party.mjs")], cancellationToken, environment);
        Assert.True(run is { ExitCode: 0 }, $"the relying party failed:\n{run?.Output}");
        var lastLine = run!.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        return JsonDocument.Parse(lastLine).RootElement.Clone();
    }

    private sealed record Finished(int ExitCode, string Stdout, string Output);

    /// <summary>Runs a program to its end (at most two minutes); null when it is not installed.</summary>
    private static async Task<Finished?> TryRunAsync(string program, string[] arguments, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Directory };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (Win32Exception)
        {
            return null;
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
            }
            catch (TimeoutException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within two minutes:\n{await stdout}\n{await stderr}");
            }
            return new Finished(process.ExitCode, await stdout, $"{await stdout}\n{await stderr}");
        }
    }
}
