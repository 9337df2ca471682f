using System.Net;
using System.Net.Sockets;

namespace McpGateway.AppHost.Hosting;

/// <summary>What AppHost takes from its environment (the real one merged with `.env`) to run the product.</summary>
public sealed record HostSettings(string DataDirectory, string GatewayHost, int GatewayPort, string EnvironmentName)
{
    public const string DefaultHost = "127.0.0.1";
    public const int DefaultPort = 4444;

    /// <summary>Where the gateway is reached: a wildcard listen address on loopback, an IPv6 literal in brackets.</summary>
    public string GatewayUrl => $"http://{ConnectHost(GatewayHost)}:{GatewayPort}";

    /// <summary>The gateway URL as a person types it: `localhost` when it listens on loopback or everywhere.</summary>
    public string GatewayDisplayUrl => IsLocal(GatewayHost) ? $"http://localhost:{GatewayPort}" : GatewayUrl;

    /// <summary>
    /// The host Aspire records for the gateway's endpoint: Aspire turns a wildcard into `localhost` for the health
    /// check and the dashboard's link, and needs an IPv6 literal in brackets to make a URL of it.
    /// </summary>
    public string GatewayEndpointHost =>
        GatewayHost is "*" or "+" ? "0.0.0.0"
        : IPAddress.TryParse(GatewayHost, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6 && !GatewayHost.StartsWith('[') ? $"[{GatewayHost}]"
        : GatewayHost;

    /// <summary>
    /// Reads `HOST`, `PORT` (0: a free port, chosen here so that it is known before the gateway starts),
    /// `MCPGATEWAY_HOME` and the ASP.NET Core environment of every resource (`ASPNETCORE_ENVIRONMENT`, else
    /// `DOTNET_ENVIRONMENT`, else Production). A gateway port already in use is refused before anything starts.
    /// </summary>
    public static HostSettings FromEnvironment()
    {
        var host = Setting("HOST") ?? DefaultHost;
        var portText = Setting("PORT") ?? DefaultPort.ToString();
        if (!int.TryParse(portText, out var port) || port is < 0 or > 65535)
        {
            throw new InvalidOperationException($"PORT={portText} is not a TCP port (1 to 65535, or 0 for any free port).");
        }
        if (port == 0)
        {
            port = FreeLoopbackPort();
        }
        else if (IsTaken(host, port))
        {
            throw new InvalidOperationException(
                $"Port {port} on {host} is already in use (is the gateway already running?). Stop that process, or set PORT to another port (PORT=0 picks a free one).");
        }
        return new HostSettings(
            DataDirectoryFrom(Setting("MCPGATEWAY_HOME")),
            host,
            port,
            Setting("ASPNETCORE_ENVIRONMENT") ?? Setting("DOTNET_ENVIRONMENT") ?? "Production");
    }

    /// <summary>
    /// `MCPGATEWAY_HOME` as the services resolve it (ServiceDatabase.DataDirectory): absolute, a leading `~/` meaning
    /// the home directory (a `.env` file does not expand it as a shell would), default `~/.mcpgateway`.
    /// </summary>
    private static string DataDirectoryFrom(string? home)
    {
        var userHome = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return home switch
        {
            null => Path.Combine(userHome, ".mcpgateway"),
            _ when home.StartsWith("~/", StringComparison.Ordinal) => Path.Combine(userHome, home[2..]),
            _ => Path.GetFullPath(home),
        };
    }

    private static string? Setting(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    /// <summary>A port the operating system considers free on loopback right now.</summary>
    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>True when something already listens there (a host name other than localhost is left for the gateway to report).</summary>
    private static bool IsTaken(string host, int port)
    {
        var address = host switch
        {
            "localhost" => IPAddress.Loopback,
            "*" or "+" => IPAddress.Any,
            _ => IPAddress.TryParse(host, out var ip) ? ip : null,
        };
        if (address is null)
        {
            return false;
        }
        try
        {
            using var listener = new TcpListener(address, port);
            listener.Start();
            return false;
        }
        catch (SocketException e)
        {
            // Any other failure (an address not on this machine, a privileged port) is left for the gateway to report.
            return e.SocketErrorCode == SocketError.AddressAlreadyInUse;
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
