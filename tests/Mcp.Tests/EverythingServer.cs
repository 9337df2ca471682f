using System.ComponentModel;
using System.Diagnostics;
using System.Net.Sockets;
using McpGateway.TestSupport;

namespace McpGateway.Mcp.Tests;

/// <summary>
/// The MCP reference server from npm (`@modelcontextprotocol/server-everything`, locked in Everything/package-lock.json)
/// over Streamable HTTP at a loopback port, run with Node.js. Its packages are installed with `npm ci` when missing;
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
        if (!File.Exists(Path.Combine(Directory, "node_modules", "@modelcontextprotocol", "server-everything", "package.json")))
        {
            using var install = Start("npm", ["ci", "--no-audit", "--no-fund", "--prefix", Directory], port: null);
            await install.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromMinutes(3), cancellationToken);
            Assert.True(install.ExitCode == 0, $"npm ci in {Directory} failed: {await install.StandardError.ReadToEndAsync(cancellationToken)}");
        }
        var port = FreePort();
        var process = Start("node", [Path.Combine(Directory, "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js"), "streamableHttp"], port);
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

    private static Process Start(string program, string[] arguments, int? port)
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
