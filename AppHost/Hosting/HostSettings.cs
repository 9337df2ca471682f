using System.Net;
using System.Net.Sockets;
using McpGateway.ServiceDefaults.Data;
using Microsoft.Extensions.Configuration;

namespace McpGateway.AppHost.Hosting;

/// <summary>What AppHost takes from its environment (the real one merged with `.env`) to launch the product.</summary>
public sealed record HostSettings(string DataDirectory, string GatewayHost, int GatewayPort, string EnvironmentName)
{
    public const string DefaultHost = "127.0.0.1";
    public const int DefaultPort = 4444;

    /// <summary>Where the gateway is reached: a wildcard listen address on loopback, an IPv6 literal in brackets.</summary>
    public string GatewayUrl => $"http://{ConnectHost(GatewayHost)}:{GatewayPort}";

    /// <summary>The gateway URL as a person types it: `localhost` when it listens on loopback or everywhere.</summary>
    public string GatewayDisplayUrl => IsLocal(GatewayHost) ? $"http://localhost:{GatewayPort}" : GatewayUrl;

    public static HostSettings FromEnvironment()
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();

        var host = configuration["HOST"] is { Length: > 0 } h ? h : DefaultHost;
        var portText = configuration["PORT"] is { Length: > 0 } p ? p : DefaultPort.ToString();
        if (!int.TryParse(portText, out var port) || port is < 0 or > 65535)
        {
            throw new InvalidOperationException($"PORT={portText} is not a TCP port (1 to 65535, or 0 for any free port).");
        }
        if (port == 0)
        {
            port = Ports.FindFree(1)[0];
        }
        else if (!Ports.IsFree(host, port))
        {
            throw new InvalidOperationException(
                $"Port {port} on {host} is already in use (is the gateway already running?). Stop that process, or set PORT to another port (PORT=0 picks a free one).");
        }

        return new HostSettings(
            ServiceDatabase.DataDirectory(configuration),
            host,
            port,
            configuration["ASPNETCORE_ENVIRONMENT"] ?? configuration["DOTNET_ENVIRONMENT"] ?? "Production");
    }

    /// <summary>
    /// Creates the data directory and puts what every resource shares into this process's environment, which they
    /// inherit: the absolute data directory, the environment name, workstation GC, the process id to watch, and the
    /// gateway's URL as `APP_DOMAIN` (the token issuer) unless `JWT_ISSUER` or `APP_DOMAIN` is set.
    /// </summary>
    public void ApplyToEnvironment()
    {
        Directory.CreateDirectory(DataDirectory);
        Environment.SetEnvironmentVariable("MCPGATEWAY_HOME", DataDirectory);
        Environment.SetEnvironmentVariable("ASPNETCORE_ENVIRONMENT", EnvironmentName);
        if (Environment.GetEnvironmentVariable("DOTNET_gcServer") is null)
        {
            Environment.SetEnvironmentVariable("DOTNET_gcServer", "0");
        }
        Environment.SetEnvironmentVariable("MCPGATEWAY_PARENT_PID", Environment.ProcessId.ToString());
        // The OIDC issuer every service puts in and checks on tokens (JWT_ISSUER, else APP_DOMAIN) is the public origin,
        // which only AppHost knows when PORT picks a free port.
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("JWT_ISSUER")) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("APP_DOMAIN")))
        {
            Environment.SetEnvironmentVariable("APP_DOMAIN", GatewayDisplayUrl);
        }
    }

    private static bool IsLocal(string host) =>
        host is "localhost" or "*" or "+"
        || (IPAddress.TryParse(host, out var ip) && (IPAddress.IsLoopback(ip) || ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)));

    private static string ConnectHost(string host) =>
        host is "*" or "+" ? "127.0.0.1"
        : !IPAddress.TryParse(host, out var ip) ? host
        : ip.Equals(IPAddress.Any) ? "127.0.0.1"
        : ip.Equals(IPAddress.IPv6Any) ? "[::1]"
        : ip.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{ip}]"
        : ip.ToString();
}
