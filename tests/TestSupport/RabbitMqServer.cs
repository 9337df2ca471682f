using System.Diagnostics;
using System.Net.Sockets;

namespace McpGateway.TestSupport;

/// <summary>
/// A private RabbitMQ node started from the installed `rabbitmq-server` (no Docker here): its own data, log, config,
/// Erlang cookie and ports (AMQP, distribution, epmd) in a temp directory, so parallel nodes never meet. As root it
/// runs as the `rabbitmq` user, which the server expects. Each test gets a virtual host of its own
/// (<see cref="CreateVirtualHostAsync"/>): exchanges and queues of one test never see another's messages.
/// <see cref="StopAsync"/> and <see cref="StartAsync"/> take the broker down and back with its durable queues kept.
/// </summary>
public sealed class RabbitMqServer : IAsyncLifetime
{
    private const string Install = "apt-get install -y rabbitmq-server";
    private const string Bin = "/usr/lib/rabbitmq/bin";
    private const string NodeName = "rabbit@localhost";
    private string? _root;
    private int _virtualHosts;

    public int Port { get; private set; }
    private int DistributionPort { get; set; }
    private int EpmdPort { get; set; }
    public bool IsRunning { get; private set; }
    public static bool IsInstalled => File.Exists(Path.Combine(Bin, "rabbitmq-server"));

    public async ValueTask InitializeAsync()
    {
        if (!IsInstalled || OperatingSystem.IsWindows())
        {
            return;
        }
        _root = Directory.CreateTempSubdirectory("mcpgw-rabbitmq-").FullName;
        Directory.CreateDirectory(Path.Combine(_root, "mnesia"));
        Directory.CreateDirectory(Path.Combine(_root, "log"));
        // Any address may use guest (loopback only anyway); a nearly full disk must not block publishers in tests.
        await File.WriteAllTextAsync(Path.Combine(_root, "rabbitmq.conf"), "loopback_users = none\ndisk_free_limit.absolute = 10MB\nlog.console = false\n");
        await File.WriteAllTextAsync(Path.Combine(_root, "enabled_plugins"), "[].\n");
        var cookie = Path.Combine(_root, ".erlang.cookie");
        await File.WriteAllTextAsync(cookie, Guid.NewGuid().ToString("N").ToUpperInvariant());
        File.SetUnixFileMode(cookie, UnixFileMode.UserRead);
        File.SetUnixFileMode(_root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
            UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        if (IsRoot)
        {
            await RunAsync("chown", ["-R", "rabbitmq:rabbitmq", _root]);
        }
        Port = PostgresServer.FreePort();
        DistributionPort = PostgresServer.FreePort();
        EpmdPort = PostgresServer.FreePort();
        await StartAsync();
    }

    /// <summary>Skips (or, in CI, fails) the calling test when RabbitMQ is not installed.</summary>
    public void Require()
    {
        if (!IsRunning && !IsInstalled)
        {
            RequiredTool.Missing("RabbitMQ (rabbitmq-server)", Install);
        }
    }

    /// <summary>The broker's AMQP URL for a virtual host.</summary>
    public string Url(string virtualHost) => $"amqp://guest:guest@127.0.0.1:{Port}/{Uri.EscapeDataString(virtualHost)}";

    /// <summary>A new, empty virtual host that guest may use; returns its AMQP URL.</summary>
    public async Task<string> CreateVirtualHostAsync()
    {
        Require();
        var name = $"test-{Interlocked.Increment(ref _virtualHosts)}-{Guid.NewGuid().ToString("N")[..8]}";
        await CtlAsync("add_vhost", name);
        await CtlAsync("set_permissions", "-p", name, "guest", ".*", ".*", ".*");
        return Url(name);
    }

    /// <summary>Closes every client connection to a virtual host, as a network blip or a broker failover would.</summary>
    public Task CloseConnectionsAsync(string url) =>
        CtlAsync("close_all_connections", "-p", Uri.UnescapeDataString(new Uri(url).AbsolutePath.TrimStart('/')), "closed by a test");

    /// <summary>Starts the node (again) and waits until it answers AMQP.</summary>
    public async Task StartAsync()
    {
        // Its console goes to a file: a pipe this process closed would break the server's output.
        var info = Command("/bin/sh", ["-c", $"exec {Path.Combine(Bin, "rabbitmq-server")} >> \"$HOME/server.out\" 2>&1"]);
        using var process = Process.Start(info)!;
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!await AnswersAmqpAsync())
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"RabbitMQ did not start (exit {(process.HasExited ? process.ExitCode : -1)}); see {_root}/log.");
            }
            await Task.Delay(250);
        }
        IsRunning = true;
    }

    /// <summary>Stops the node (as an operator would, SIGTERM) and waits until it is gone; its data stays for <see cref="StartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (!IsRunning || await ReadPidAsync() is not { } pid)
        {
            return;
        }
        await RunAsync("kill", ["-TERM", pid.ToString()]);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Directory.Exists($"/proc/{pid}") && !IsZombie(pid) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        if (Directory.Exists($"/proc/{pid}") && !IsZombie(pid))
        {
            await RunAsync("kill", ["-KILL", pid.ToString()]);
        }
        IsRunning = false;
    }

    public async ValueTask DisposeAsync()
    {
        if (_root is null)
        {
            return;
        }
        await StopAsync();
        try
        {
            // The node started an epmd of its own on the private port; it outlives the node unless told to go.
            await RunAsync(IsRoot ? "runuser" : "epmd", IsRoot ? ["-u", "rabbitmq", "--", "env", $"ERL_EPMD_PORT={EpmdPort}", "epmd", "-kill"] : ["-kill"],
                new Dictionary<string, string> { ["ERL_EPMD_PORT"] = EpmdPort.ToString() });
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
        }
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private Task CtlAsync(params string[] args) => RunAsync(Command(Path.Combine(Bin, "rabbitmqctl"), ["-n", NodeName, .. args]));

    /// <summary>A command run as the broker's user, with the node's private environment.</summary>
    private ProcessStartInfo Command(string file, string[] args)
    {
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = _root!,
            ["RABBITMQ_NODENAME"] = NodeName,
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = Port.ToString(),
            ["RABBITMQ_DIST_PORT"] = DistributionPort.ToString(),
            ["ERL_EPMD_PORT"] = EpmdPort.ToString(),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(_root!, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(_root!, "log"),
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(_root!, "rabbitmq.conf"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_root!, "enabled_plugins"),
            ["RABBITMQ_PID_FILE"] = Path.Combine(_root!, "rabbitmq.pid"),
        };
        var info = IsRoot
            ? new ProcessStartInfo("runuser") { ArgumentList = { "-u", "rabbitmq", "--", "env" } }
            : new ProcessStartInfo("env");
        foreach (var (name, value) in environment)
        {
            info.ArgumentList.Add($"{name}={value}");
        }
        info.ArgumentList.Add(file);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.WorkingDirectory = _root!;
        info.UseShellExecute = false;
        return info;
    }

    private async Task<int?> ReadPidAsync()
    {
        var file = Path.Combine(_root!, "rabbitmq.pid");
        return File.Exists(file) && int.TryParse((await File.ReadAllTextAsync(file)).Trim(), out var pid) ? pid : null;
    }

    private async Task<bool> AnswersAmqpAsync()
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.ConnectAsync("127.0.0.1", Port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("AMQP\0\0\u0009\u0001"u8.ToArray(), timeout.Token);
            var buffer = new byte[8];
            return await stream.ReadAsync(buffer, timeout.Token) > 0;
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] == 'Z';
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static Task RunAsync(string file, string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        return RunAsync(info);
    }

    private static async Task RunAsync(ProcessStartInfo info)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{info.FileName} {string.Join(' ', info.ArgumentList)} failed ({process.ExitCode}): {await output}{await error}");
        }
    }
}
