using System.Diagnostics;
using System.Text;
using McpGateway.TestSupport;

namespace McpGateway.Messaging.Tests;

/// <summary>
/// One run of the messaging test host (Host/, the real outbox, relay, inbox and transports) as its own process, so a
/// test can kill it outright (kill -9) and start it again, as a crash and a restart would.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Task[] _pumps;

    private HostProcess(Process process)
    {
        _process = process;
        _pumps = [Pump(process.StandardOutput), Pump(process.StandardError)];
    }

    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public string Output { get { lock (_output) { return _output.ToString(); } } }

    public static string Dll => Path.Combine(RepositoryPaths.Root, "tests", "Messaging.Tests", "Host", "bin", RepositoryPaths.Configuration, "net10.0",
        "McpGateway.Messaging.TestHost.dll");

    public static HostProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        ServiceProcess.ClearProductSettings(info);
        // Stops by itself if the test run dies (ServiceDefaults' parent watcher): no orphan keeps consuming.
        info.Environment["MCPGATEWAY_PARENT_PID"] = Environment.ProcessId.ToString();
        info.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }
        return new HostProcess(Process.Start(info)!);
    }

    /// <summary>Waits until the process printed <paramref name="text"/> (or fails with its output).</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline || (_process.HasExited && !Output.Contains(text, StringComparison.Ordinal)))
            {
                throw new TimeoutException($"The host did not print '{text}' within {timeout.TotalSeconds} s (exited: {_process.HasExited}):\n{Output}");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>kill -9: no shutdown code runs, transactions in flight roll back, leases and connections are left behind.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>Waits for the host to stop by itself with exit code 0 (or fails with its output: a crash's stack trace is in it).</summary>
    /// <summary>kill -STOP: the process is frozen (its connections stay open until the other end closes them).</summary>
    public Task FreezeAsync() => SignalAsync("-STOP");

    /// <summary>kill -CONT: the frozen process runs again.</summary>
    public Task ThawAsync() => SignalAsync("-CONT");

    public async Task WaitForCleanExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        await Task.WhenAll(_pumps).WaitAsync(timeout);
        if (_process.ExitCode != 0)
        {
            throw new Xunit.Sdk.XunitException($"The host exited with code {_process.ExitCode}:\n{Output}");
        }
    }

    /// <summary>Ctrl+C: the host stops gracefully (releases its leases).</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await SignalAsync("-CONT"); // a frozen host could not hear the interrupt
            await SignalAsync("-INT");
            try
            {
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            }
            catch (TimeoutException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [signal, _process.Id.ToString()]);
        await kill.WaitForExitAsync();
    }

    private Task Pump(StreamReader reader) => Task.Run(async () =>
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    });
}
