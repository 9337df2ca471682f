using System.Net;
using System.Net.Sockets;

namespace McpGateway.AppHost.Hosting;

public static class Ports
{
    /// <summary>
    /// Distinct free loopback TCP ports, chosen by the operating system: every listener stays open until all are
    /// chosen (so none repeats), then all are released for the resources to bind.
    /// </summary>
    public static int[] FindFree(int count)
    {
        var listeners = new List<TcpListener>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }

    /// <summary>False when something already listens on the address (a host name other than localhost is not checked).</summary>
    public static bool IsFree(string host, int port)
    {
        var address = host switch
        {
            "localhost" => IPAddress.Loopback,
            "*" or "+" => IPAddress.Any,
            _ => IPAddress.TryParse(host, out var ip) ? ip : null,
        };
        if (address is null)
        {
            return true;
        }
        try
        {
            var listener = new TcpListener(address, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException e)
        {
            // Any other failure (an address not on this machine, a privileged port) is left for the gateway to report.
            return e.SocketErrorCode != SocketError.AddressAlreadyInUse;
        }
    }
}
