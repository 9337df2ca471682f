using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;

namespace McpGateway.ServiceDefaults;

/// <summary>
/// Which proxies may tell a process the client's address, scheme and prefix (X-Forwarded-*): comma-separated addresses or
/// CIDR networks, or `*` for any (the convention of uvicorn's and gunicorn's FORWARDED_ALLOW_IPS). Only the nearest hop's
/// entry is read (ForwardLimit 1), so a client cannot append its way past the trusted proxy.
/// <list type="bullet">
/// <item>A service reads `FORWARDED_ALLOW_IPS`, by default loopback, where AppHost runs the gateway; in Kubernetes set it
/// to the gateway pods' network, so a service trusts only what the gateway sets.</item>
/// <item>The gateway is the edge: it reads `GATEWAY_FORWARDED_ALLOW_IPS` and by default trusts no one, so the address it
/// forwards (X-Forwarded-For, overwritten) is the peer that connected to it; set it to a load balancer in front.</item>
/// </list>
/// </summary>
public static class ForwardedHeaders
{
    public const string ServiceSetting = "FORWARDED_ALLOW_IPS";
    public const string GatewaySetting = "GATEWAY_FORWARDED_ALLOW_IPS";

    /// <param name="trustLoopbackByDefault">Unset, trust loopback (a service behind a local gateway) or nobody (the edge).</param>
    public static void Configure(ForwardedHeadersOptions options, IConfiguration configuration, string setting, bool trustLoopbackByDefault)
    {
        options.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.All;
        options.ForwardLimit = 1;
        options.KnownIPNetworks.Clear();
        options.KnownProxies.Clear();
        if (configuration[setting] is not { Length: > 0 } allowed)
        {
            if (trustLoopbackByDefault)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse("127.0.0.0/8"));
                options.KnownProxies.Add(IPAddress.IPv6Loopback);
            }
            else
            {
                // Empty lists would mean "any proxy" to the middleware: reading nothing is the only way to trust no one.
                options.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.None;
            }
            return;
        }
        foreach (var entry in allowed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (entry == "*")
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse("0.0.0.0/0"));
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse("::/0"));
            }
            else if (System.Net.IPNetwork.TryParse(entry, out var network))
            {
                options.KnownIPNetworks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                options.KnownProxies.Add(address);
            }
            else
            {
                throw new InvalidOperationException($"{setting}: '{entry}' is neither an IP address nor a CIDR network.");
            }
        }
    }
}
