using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace McpGateway.TestSupport;

/// <summary>
/// The whole product started the way a user starts it: AppHost as a process, on a free gateway port, with its own data
/// directory. <see cref="Gateway"/> is the only address tests talk to. AppHost runs the resources through DCP (Aspire's
/// orchestrator, which detaches from AppHost), so the processes of a stack are found by the data directory every one
/// of them inherits, not by parentage.
/// </summary>
public sealed partial class RunningStack : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RunningStack(Process process, string home)
    {
        _process = process;
        Home = home;
    }

    public Uri Gateway => _ready.Task.Result;

    /// <summary>The dashboard, as the ready summary names it (its login URL; give API calls an absolute path).</summary>
    public Uri Dashboard => new(DashboardLine().Match(Output) is { Success: true } match
        ? match.Groups[1].Value
        : throw new InvalidOperationException($"AppHost named no dashboard:\n{Output}"));

    /// <summary>
    /// The key of the dashboard's telemetry API (header `x-api-key`). AppHost generates it at each start and hands it
    /// to the dashboard process only, so it is read from there.
    /// </summary>
    public string DashboardApiKey()
    {
        const string name = "DASHBOARD__API__PRIMARYAPIKEY=";
        var dashboard = Processes().FirstOrDefault(p => p.CommandLine.Contains("Aspire.Dashboard"))
            ?? throw new InvalidOperationException("The dashboard is not running.");
        return File.ReadAllText($"/proc/{dashboard.Pid}/environ").Split('\0').FirstOrDefault(v => v.StartsWith(name, StringComparison.Ordinal))?[name.Length..]
            ?? throw new InvalidOperationException("The dashboard was given no API key.");
    }
    public string Home { get; }
    public int Pid => _process.Id;
    public string Output { get { lock (_output) { return _output.ToString(); } } }

    /// <summary>Starts AppHost and waits until the gateway is ready.</summary>
    public static async Task<RunningStack> StartAsync(string home, IReadOnlyDictionary<string, string>? environment = null)
    {
        var stack = Launch(home, environment);
        try
        {
            await stack._ready.Task.WaitAsync(TimeSpan.FromSeconds(120));
        }
        catch (TimeoutException)
        {
            await stack.DisposeAsync();
            throw new TimeoutException($"The gateway was not ready within 120 s:\n{stack.Output}");
        }
        return stack;
    }

    /// <summary>Starts AppHost without waiting for anything, for a test that expects it to fail.</summary>
    public static RunningStack Launch(string home, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = home,
        };
        info.ArgumentList.Add(RepositoryPaths.AppHostDll);
        ServiceProcess.ClearProductSettings(info);
        // Telemetry goes to this stack's own dashboard, not to a collector the developer's shell names.
        info.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        info.Environment["MCPGATEWAY_HOME"] = home;
        info.Environment["PORT"] = "0";
        info.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var stack = new RunningStack(Process.Start(info)!, home);
        var output = Task.WhenAll(stack.Pump(stack._process.StandardOutput), stack.Pump(stack._process.StandardError));
        _ = stack._process.WaitForExitAsync().ContinueWith(async _ =>
        {
            await output;
            stack._ready.TrySetException(new InvalidOperationException($"AppHost exited with {stack._process.ExitCode} before the gateway was ready:\n{stack.Output}"));
        }, TaskScheduler.Default);
        return stack;
    }

    /// <summary>
    /// Every live process of this stack but AppHost itself: DCP, the dashboard, the services and the gateway. All of them
    /// inherit `MCPGATEWAY_HOME`, a directory of this stack's own, and keep it even once orphaned.
    /// </summary>
    public IReadOnlyList<StackProcess> Processes()
    {
        var marker = $"MCPGATEWAY_HOME={Home}\0";
        var found = new List<StackProcess>();
        foreach (var directory in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == _process.Id || pid == Environment.ProcessId || !IsAlive(pid))
            {
                continue;
            }
            try
            {
                if (File.ReadAllText(Path.Combine(directory, "environ")).Contains(marker, StringComparison.Ordinal))
                {
                    found.Add(new StackProcess(pid, File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ').Trim()));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours to read.
            }
        }
        return found;
    }

    public static bool IsAlive(int pid)
    {
        // A zombie (exited, not yet reaped) counts as gone.
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Sends a POSIX signal (e.g. "INT" as Ctrl+C does, "KILL") to AppHost.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString()])!;
        await kill.WaitForExitAsync();
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await SignalAsync("INT");
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

    private Task Pump(StreamReader reader) => Task.Run(async () =>
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
            if (ReadyLine().Match(line) is { Success: true } match)
            {
                _ready.TrySetResult(new Uri(match.Groups[1].Value));
            }
        }
    });

    [GeneratedRegex(@"gateway ready: (\S+)")]
    private static partial Regex ReadyLine();

    [GeneratedRegex(@"^\s*Dashboard\s+(http\S+)", RegexOptions.Multiline)]
    private static partial Regex DashboardLine();
}

/// <summary>A process of a running stack, with its command line (e.g. `dotnet /.../McpGateway.Auth.dll`).</summary>
public sealed record StackProcess(int Pid, string CommandLine);
