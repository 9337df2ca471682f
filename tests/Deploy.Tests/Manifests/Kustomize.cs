using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using McpGateway.TestSupport;

namespace McpGateway.Deploy.Tests.Manifests;

/// <summary>
/// Renders a kustomization under deploy/k8s with `kubectl kustomize`, as `kubectl apply -k` would, once per test run.
/// kubectl must carry kustomize v5 (kubectl 1.27 or newer): the manifests use its `labels`, `replacements` and
/// `patches`. Missing or too old, the tests skip on a developer's machine and fail in CI.
/// </summary>
public static partial class Kustomize
{
    /// <summary>What `kubectl apply -k` is pointed at: the base alone, and each overlay.</summary>
    public static readonly IReadOnlyList<string> Kustomizations = ["base", "overlays/local", "overlays/production"];

    public static string DeployDirectory { get; } = Path.Combine(RepositoryPaths.Root, "deploy", "k8s");

    private const int MinimumKustomizeMajor = 5;
    private static readonly ConcurrentDictionary<string, Lazy<RenderedManifests>> Rendered = new();
    private static readonly Lazy<string?> Problem = new(FindProblem);

    /// <summary>The objects <paramref name="kustomization"/> (relative to deploy/k8s) renders to.</summary>
    public static RenderedManifests Render(string kustomization)
    {
        if (Problem.Value is { } problem)
        {
            RequiredTool.Missing("kubectl with kustomize v5", problem);
        }
        return Rendered.GetOrAdd(kustomization, k => new Lazy<RenderedManifests>(() => RenderNow(k))).Value;
    }

    private static RenderedManifests RenderNow(string kustomization)
    {
        var (exitCode, output, error) = Run("kustomize", Path.Combine(DeployDirectory, kustomization));
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"kubectl kustomize {kustomization} failed ({exitCode}):\n{error}");
        }
        return RenderedManifests.Parse(kustomization, output);
    }

    /// <summary>Null when kubectl is usable, else what to install.</summary>
    private static string? FindProblem()
    {
        (int ExitCode, string Output, string Error) version;
        try
        {
            version = Run("version", "--client");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "kubectl is not on PATH: install kubectl 1.27 or newer (Debian's kubernetes-client is 1.20, too old)";
        }
        var match = KustomizeVersion().Match(version.Output);
        if (version.ExitCode != 0 || !match.Success)
        {
            return $"`kubectl version --client` names no kustomize version ({version.Output.Trim()} {version.Error.Trim()}): install kubectl 1.27 or newer";
        }
        return int.Parse(match.Groups[1].Value) >= MinimumKustomizeMajor
            ? null
            : $"kubectl's kustomize is {match.Value}; deploy/k8s needs v{MinimumKustomizeMajor} (kubectl 1.27 or newer)";
    }

    private static (int ExitCode, string Output, string Error) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }

    [GeneratedRegex(@"Kustomize Version: v(\d+)\.\d+\.\d+")]
    private static partial Regex KustomizeVersion();
}
