using System.Diagnostics;
using System.Text;
using McpGateway.Deploy.Tests.Manifests;
using McpGateway.TestSupport;

namespace McpGateway.Deploy.Tests.Replicas;

/// <summary>A container of a pod, run as a process: the image's entrypoint with the container's args and environment.</summary>
public sealed record ContainerRun(string Name, IReadOnlyList<string> Args, IReadOnlyDictionary<string, string> Environment);

/// <summary>
/// One replica of a product Deployment, run as the kubelet runs a pod: its init containers one after the other, each
/// to a successful exit, then its main container. The processes get the environment the manifests give them and nothing
/// of the test's but PATH. As on the pod's read-only root filesystem, neither HOME (the image's /home/app) nor the working
/// directory (the image's /app) can be written, even by root: HOME lies below a file, and the working directory is
/// /proc, where no process creates anything. /tmp stays writable, as the pod's emptyDir is.
/// </summary>
public sealed class PodReplica : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private Process? _main;

    public PodReplica(Workload workload, int index, int port, IReadOnlyList<ContainerRun> initContainers, ContainerRun main, string entryAssembly, string directory)
    {
        Workload = workload;
        EntryAssembly = entryAssembly;
        Name = $"{workload.Name}-{index}";
        Port = port;
        InitContainers = initContainers;
        Main = main;
        var root = Directory.CreateDirectory(Path.Combine(directory, Name)).FullName;
        File.WriteAllText(Path.Combine(root, "read-only"), "");
        Home = Path.Combine(root, "read-only", "home");
    }

    public Workload Workload { get; }
    public string Name { get; }

    /// <summary>The image's entrypoint, `dotnet /app/McpGateway.X.dll`: here the image's /app, published (<see cref="Build.PublishedImages"/>).</summary>
    public string EntryAssembly { get; }

    /// <summary>The loopback port its main container listens on (its container port, in a cluster).</summary>
    public int Port { get; }

    public IReadOnlyList<ContainerRun> InitContainers { get; }
    public ContainerRun Main { get; }
    public string Home { get; }
    public static string WorkingDirectory => "/proc";

    /// <summary>When each start-up phase ended, as the process's output shows it (<see cref="PodTimeline"/>).</summary>
    public PodTimeline Timeline { get; } = new();

    /// <summary>What each init container printed, in order, once it exited 0.</summary>
    public List<ProcessResult> InitResults { get; } = [];

    public bool HasExited => _main is { HasExited: true };

    /// <summary>The main container's process id (what a lease holder or a log names).</summary>
    public int Pid => _main?.Id ?? throw new InvalidOperationException($"{Name} is not started.");

    /// <summary>SIGKILL, the way a node dies or the OOM killer strikes: no shutdown hook runs, connections are reset.</summary>
    public async Task KillAsync()
    {
        if (_main is { HasExited: false })
        {
            _main.Kill(entireProcessTree: false);
            await _main.WaitForExitAsync();
        }
    }

    public string Output { get { lock (_output) { return _output.ToString(); } } }

    /// <summary>Runs the init containers, then starts the main container; throws with the output if an init container fails.</summary>
    public async Task StartAsync(TimeSpan initTimeout)
    {
        Timeline.Exec = DateTime.UtcNow;
        foreach (var init in InitContainers)
        {
            using var process = Process.Start(StartInfo(init))!;
            var result = await ServiceProcess.CollectAsync(process, initTimeout);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"{Name}: init container {init.Name} failed: {result}");
            }
            InitResults.Add(result);
        }
        Timeline.MainExec = DateTime.UtcNow;
        _main = Process.Start(StartInfo(Main))!;
        _main.OutputDataReceived += (_, e) => Append(e.Data);
        _main.ErrorDataReceived += (_, e) => Append(e.Data);
        _main.BeginOutputReadLine();
        _main.BeginErrorReadLine();
    }

    private ProcessStartInfo StartInfo(ContainerRun container)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = WorkingDirectory,
        };
        info.ArgumentList.Add(EntryAssembly);
        foreach (var arg in container.Args)
        {
            info.ArgumentList.Add(arg);
        }
        var path = info.Environment["PATH"];
        info.Environment.Clear();
        info.Environment["PATH"] = path;
        info.Environment["HOME"] = Home;
        foreach (var (name, value) in container.Environment)
        {
            info.Environment[name] = value;
        }
        return info;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        Timeline.Saw(line);
        lock (_output)
        {
            // The first lines say why a process failed; a long run's later ones add nothing to a failure message.
            if (_output.Length < 64_000)
            {
                _output.AppendLine(line);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_main is { HasExited: false })
        {
            _main.Kill(entireProcessTree: true);
            await _main.WaitForExitAsync();
        }
        _main?.Dispose();
    }
}
