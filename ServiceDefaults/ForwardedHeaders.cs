using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;

namespace McpGateway.ServiceDefaults;

/// <summary>
/// Which proxies may tell a service the client's address, scheme and prefix (X-Forwarded-*): `FORWARDED_ALLOW_IPS`,
/// comma-separated addresses or CIDR networks, or `*` for any (the name uvicorn and gunicorn use). By default only
/// loopback, where AppHost runs the gateway; in Kubernetes set it to the pod network, so a service reachable only
/// through the gateway trusts only the gateway.
/// </summary>
public static class ForwardedHeaders
{
    public static ForwardedHeadersOptions OptionsFrom(IConfiguration configuration)
    {
        var options = new ForwardedHeadersOptions { ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.All };
        if (configuration["FORWARDED_ALLOW_IPS"] is not { Length: > 0 } allowed)
        {
            return options;
        }
        options.KnownIPNetworks.Clear();
        options.KnownProxies.Clear();
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
                throw new InvalidOperationException($"FORWARDED_ALLOW_IPS: '{entry}' is neither an IP address nor a CIDR network.");
            }
        }
        return options;
    }
}
