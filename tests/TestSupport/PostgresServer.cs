using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace McpGateway.TestSupport;

/// <summary>
/// A real PostgreSQL server started from the installed binaries (no Docker here), in a temp directory on a free
/// loopback port, stopped and removed on dispose. Each test gets a database of its own from <see cref="CreateDatabaseAsync"/>.
/// As root it runs the server as the `postgres` user, which PostgreSQL requires.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private const string Install = "apt-get install -y postgresql";
    private string? _binDirectory;
    private string? _dataRoot;
    private int _databases;

    /// <summary>The loopback port; a free one unless set before the server starts.</summary>
    public int Port { get; set; }
    public bool IsRunning { get; private set; }

    /// <summary>Room for a hundred concurrent migrators, each holding a lock connection and a working one.</summary>
    public int MaxConnections => 300;

    public async ValueTask InitializeAsync()
    {
        _binDirectory = FindBinDirectory();
        if (_binDirectory is null)
        {
            return;
        }
        _dataRoot = Directory.CreateTempSubdirectory("mcpgw-pg-").FullName;
        var data = Path.Combine(_dataRoot, "data");
        if (IsRoot)
        {
            await RunAsync("chown", "-R", "postgres:postgres", _dataRoot);
        }
        await RunAsPostgresAsync(Path.Combine(_binDirectory, "initdb"), "-D", data, "-A", "trust", "-U", "postgres", "--no-sync");
        Port = Port > 0 ? Port : FreePort();
        await RunAsPostgresAsync(Path.Combine(_binDirectory, "pg_ctl"), "-D", data, "-l", Path.Combine(_dataRoot, "server.log"), "-w", "-t", "60",
            "-o", $"-p {Port} -k {_dataRoot} -c listen_addresses=127.0.0.1 -c max_connections={MaxConnections} -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            "start");
        IsRunning = true;
    }

    /// <summary>Skips (or, in CI, fails) the calling test when PostgreSQL is not installed.</summary>
    public void Require()
    {
        if (!IsRunning)
        {
            RequiredTool.Missing("PostgreSQL 15 (/usr/lib/postgresql/*/bin)", Install);
        }
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        Require();
        var name = $"test_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}"[..30];
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        return ConnectionString(name);
    }

    /// <summary>A connection string to a database; usable before the server runs, to point a client at where it will be.</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, Pooling = false }.ConnectionString;

    /// <summary>The same database as a URL, the form `DATABASE_URL` takes.</summary>
    public static string Url(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        return $"postgresql://{b.Username}@{b.Host}:{b.Port}/{b.Database}";
    }

    public async ValueTask DisposeAsync()
    {
        if (IsRunning)
        {
            await RunAsPostgresAsync(Path.Combine(_binDirectory!, "pg_ctl"), "-D", Path.Combine(_dataRoot!, "data"), "-m", "immediate", "-w", "stop");
            IsRunning = false;
        }
        if (_dataRoot is not null)
        {
            try { Directory.Delete(_dataRoot, recursive: true); } catch (IOException) { }
        }
    }

    private static string? FindBinDirectory() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "pg_ctl"))).OrderDescending().FirstOrDefault()
            : null;

    private static bool IsRoot => Environment.UserName == "root";

    private static Task RunAsPostgresAsync(string file, params string[] args) =>
        IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", file, .. args]) : RunAsync(file, args);

    private static async Task RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/tmp" };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await output}{await error}");
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
