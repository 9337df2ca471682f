using System.Diagnostics;
using System.Text;

namespace McpGateway.TestSupport;

/// <summary>A run of a built service executable (`dotnet McpGateway.X.dll ...`) with its captured output.</summary>
public sealed record ProcessResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}

public static class ServiceProcess
{
    public static ProcessStartInfo StartInfo(string service, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(RepositoryPaths.ServiceDll(service));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        ClearProductSettings(info);
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }
        return info;
    }

    /// <summary>
    /// Removes what would point a started process at a database or address the test did not choose, whatever the
    /// developer's shell holds; the test then sets what it means.
    /// </summary>
    public static void ClearProductSettings(ProcessStartInfo info)
    {
        foreach (var name in new[] { "DATABASE_URL", "MCPGATEWAY_HOME", "ConnectionStrings__authdb", "ConnectionStrings__teamsdb", "ConnectionStrings__catalogdb", "ConnectionStrings__rabbitmq", "ASPNETCORE_URLS" })
        {
            info.Environment.Remove(name);
        }
    }

    public static Process Start(string service, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var process = Process.Start(StartInfo(service, environment, args))!;
        return process;
    }

    /// <summary>Runs to completion (or kills it after <paramref name="timeout"/>) and returns what it printed.</summary>
    public static async Task<ProcessResult> RunAsync(string service, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] args)
    {
        using var process = Start(service, environment, args);
        return await CollectAsync(process, timeout);
    }

    public static async Task<ProcessResult> CollectAsync(Process process, TimeSpan timeout)
    {
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return new ProcessResult(-1, await output, await error + $"\n(killed after {timeout.TotalSeconds} s)");
        }
        return new ProcessResult(process.ExitCode, await output, await error);
    }
}
