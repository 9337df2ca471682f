using System.Net;
using System.Net.Sockets;

namespace McpGateway.Gateway.Extensions;

public static class ListenAddress
{
    public const string DefaultHost = "127.0.0.1";
    public const int DefaultPort = 4444;

    /// <summary>
    /// Listens on `HOST`:`PORT` (ContextForge's names; loopback only by default, so a fresh install is not exposed),
    /// unless `ASPNETCORE_URLS` or `--urls` names the addresses explicitly. Kestrel does not advertise itself.
    /// </summary>
    public static WebApplicationBuilder ConfigureListenAddress(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            var host = builder.Configuration["HOST"] is { Length: > 0 } h ? h : DefaultHost;
            builder.WebHost.UseUrls(Url(host, builder.Configuration.GetValue("PORT", DefaultPort)));
        }
        return builder;
    }

    /// <summary>`http://host:port`, with an IPv6 literal in brackets.</summary>
    public static string Url(string host, int port) =>
        IPAddress.TryParse(host, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6
            ? $"http://[{ip}]:{port}"
            : $"http://{host}:{port}";
}
