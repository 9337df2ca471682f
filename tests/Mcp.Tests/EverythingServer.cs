using System.ComponentModel;
using System.Diagnostics;
using System.Net.Sockets;
using McpGateway.TestSupport;

namespace McpGateway.Mcp.Tests;

/// <summary>
/// The MCP reference server from npm (`@modelcontextprotocol/server-everything`, locked in Everything/package-lock.json)
/// over Streamable HTTP at a loopback port, run with Node.js; beside it the MCP conformance suite
/// (<see cref="ConformanceSuite"/>). Its packages are installed with `npm ci` when missing;
/// without Node.js the test fails in CI and is skipped elsewhere.
/// </summary>
public sealed class EverythingServer : IAsyncDisposable
{
    private static readonly string Directory = Path.Combine(RepositoryPaths.Root, "tests", "Mcp.Tests", "Everything");
    private readonly Process _process;

    private EverythingServer(Process process, Uri endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public static async Task<EverythingServer> StartAsync(CancellationToken cancellationToken)
    {
        await InstallAsync(cancellationToken);
        var port = FreePort();
        var process = Start("node", [Package("server-everything", "dist", "index.js"), "streamableHttp"], port);
        var server = new EverythingServer(process, new Uri($"http://127.0.0.1:{port}/mcp"));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await server.AcceptsConnectionsAsync(port))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await server.DisposeAsync();
                Assert.Fail($"server-everything did not start: {await process.StandardError.ReadToEndAsync(cancellationToken)}");
            }
            await Task.Delay(100, cancellationToken);
        }
        return server;
    }

    /// <summary>A file of one of the locked `@modelcontextprotocol` packages.</summary>
    internal static string Package(string name, params string[] path) =>
        Path.Combine([Directory, "node_modules", "@modelcontextprotocol", name, .. path]);

    /// <summary>Installs the locked packages (`npm ci`) when one is missing.</summary>
    internal static async Task InstallAsync(CancellationToken cancellationToken)
    {
        if (File.Exists(Package("server-everything", "package.json")) && File.Exists(Package("conformance", "package.json")))
        {
            return;
        }
        using var install = Start("npm", ["ci", "--no-audit", "--no-fund", "--prefix", Directory], port: null);
        await install.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromMinutes(3), cancellationToken);
        Assert.True(install.ExitCode == 0, $"npm ci in {Directory} failed: {await install.StandardError.ReadToEndAsync(cancellationToken)}");
    }

    private async Task<bool> AcceptsConnectionsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Node.js or npm in the packages' directory, output drained, standard error kept; missing Node.js fails in CI.</summary>
    internal static Process Start(string program, string[] arguments, int? port)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Directory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        if (port is not null)
        {
            info.Environment["PORT"] = port.ToString();
        }
        try
        {
            var process = Process.Start(info)!;
            // Drained, so a chatty server never blocks on a full pipe.
            process.OutputDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            return process;
        }
        catch (Win32Exception)
        {
            RequiredTool.Missing("Node.js 20 and npm", "apt-get install nodejs npm");
            throw;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
