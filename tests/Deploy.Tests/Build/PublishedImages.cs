using System.Diagnostics;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;
using System.Text;
using McpGateway.Deploy.Tests.Manifests;
using McpGateway.Deploy.Tests.Settings;
using McpGateway.TestSupport;

namespace McpGateway.Deploy.Tests.Build;

/// <summary>
/// What each image holds in /app: the project published as `dotnet publish -t:PublishContainer` publishes it (Release,
/// linux-x64, so ReadyToRun as the project asks for an image), without the container step, which needs the base image.
/// Published once per state of the product's sources (their committed tree and any uncommitted change to them), under the
/// temporary directory, so another test run on the same sources starts at once; each folder appears whole or not at all.
/// `REPLICA_IMAGES=build` runs the projects' build output instead (not precompiled): bench/k8s-cold-start.sh compares both.
/// </summary>
public static class PublishedImages
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(15);
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>What the images are built from; a change anywhere else (a test, a document) publishes nothing anew.</summary>
    private static readonly string[] ProductSources = ["gateway", "services", "ServiceDefaults", "Directory.Build.props", "Directory.Packages.props"];
    private static readonly Lazy<string> State = new(SourceState);

    /// <summary>Whether the pods run the published, precompiled images (the default), not the build output.</summary>
    public static bool Precompiled { get; } = Environment.GetEnvironmentVariable("REPLICA_IMAGES") != "build";

    /// <summary>`/app/McpGateway.X.dll` of the image: published first if this state of the sources has not been.</summary>
    public static async Task<string> EntryAssemblyAsync(Component component)
    {
        if (!Precompiled)
        {
            var built = Path.Combine(RepositoryPaths.Root, Path.GetDirectoryName(SourceCode.Projects[component])!,
                "bin", RepositoryPaths.Configuration, "net10.0", $"McpGateway.{component}.dll");
            return File.Exists(built) ? built : throw new FileNotFoundException($"{built} is not built; build Aspire.sln first.", built);
        }
        var folder = Path.Combine(Path.GetTempPath(), "mcpgw-images", State.Value, component.ToString().ToLowerInvariant());
        var assembly = Path.Combine(folder, $"McpGateway.{component}.dll");
        await Gate.WaitAsync();
        try
        {
            if (!Directory.Exists(folder))
            {
                await PublishAsync(component, folder);
            }
        }
        finally
        {
            Gate.Release();
        }
        return File.Exists(assembly) ? assembly : throw new FileNotFoundException($"{folder} holds no {Path.GetFileName(assembly)}", assembly);
    }

    /// <summary>Whether the assembly holds precompiled native code (a ReadyToRun header), not IL alone.</summary>
    public static bool IsReadyToRun(string assembly)
    {
        using var pe = new PEReader(File.OpenRead(assembly));
        return pe.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0;
    }

    private static async Task PublishAsync(Component component, string folder)
    {
        var partial = $"{folder}.partial-{Environment.ProcessId}";
        if (Directory.Exists(partial))
        {
            Directory.Delete(partial, recursive: true);
        }
        var started = Stopwatch.StartNew();
        var result = await RunAsync("dotnet", "publish", SourceCode.Projects[component], "-c", "Release", "--os", "linux", "--arch", "x64",
            "-o", partial, "-nologo", "-v", "q");
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish {SourceCode.Projects[component]} failed: {result}");
        }
        try
        {
            Directory.Move(partial, folder);
        }
        catch (IOException) when (Directory.Exists(folder))
        {
            // Another test run published the same sources first: theirs is as good.
            Directory.Delete(partial, recursive: true);
        }
        Console.Error.WriteLine($"Deploy.Tests: published {component} (ReadyToRun) in {started.Elapsed.TotalSeconds:F0} s");
    }

    /// <summary>A hash of the product's committed trees and of what differs from them (changes and new files).</summary>
    private static string SourceState()
    {
        var state = Git([.. "rev-parse".Split(), .. ProductSources.Select(p => $"HEAD:{p}")])
            + Git([.. "diff HEAD --".Split(), .. ProductSources])
            + Git([.. "ls-files --others --exclude-standard --".Split(), .. ProductSources]);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(state)))[..16].ToLowerInvariant();
    }

    private static string Git(params string[] args)
    {
        var result = RunAsync("git", args).GetAwaiter().GetResult();
        return result.ExitCode == 0 ? result.Output : throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {result}");
    }

    private static async Task<ProcessResult> RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        return await ServiceProcess.CollectAsync(process, PublishTimeout);
    }
}
