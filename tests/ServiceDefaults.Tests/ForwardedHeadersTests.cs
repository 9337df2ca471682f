using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace McpGateway.ServiceDefaults.Tests;

/// <summary>Whose X-Forwarded-* a process believes: a service its gateway's, the gateway (the edge) nobody's unless told.</summary>
public sealed class ForwardedHeadersTests
{
    [Fact]
    public void A_service_trusts_loopback_by_default_where_AppHost_runs_the_gateway()
    {
        var options = Configure(ForwardedHeaders.ServiceSetting, trustLoopbackByDefault: true);

        Assert.Equal(Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.All, options.ForwardedHeaders);
        Assert.Contains(options.KnownIPNetworks, n => n.Contains(IPAddress.Loopback));
        Assert.Equal(1, options.ForwardLimit);
    }

    [Fact]
    public void The_gateway_trusts_nobody_by_default_so_a_client_cannot_claim_another_address()
    {
        var options = Configure(ForwardedHeaders.GatewaySetting, trustLoopbackByDefault: false);

        // Not merely empty lists, which the middleware would read as "any proxy".
        Assert.Equal(Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.None, options.ForwardedHeaders);
    }

    [Fact]
    public void A_configured_front_proxy_is_the_only_one_trusted()
    {
        var options = Configure(ForwardedHeaders.GatewaySetting, trustLoopbackByDefault: false, ("GATEWAY_FORWARDED_ALLOW_IPS", "10.1.2.3, 192.168.0.0/16"));

        Assert.Equal(Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.All, options.ForwardedHeaders);
        Assert.Equal([IPAddress.Parse("10.1.2.3")], options.KnownProxies);
        Assert.Single(options.KnownIPNetworks);
        Assert.DoesNotContain(options.KnownIPNetworks, n => n.Contains(IPAddress.Loopback));
    }

    [Fact]
    public void A_malformed_entry_stops_start_up_with_the_setting_s_name()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            Configure(ForwardedHeaders.ServiceSetting, trustLoopbackByDefault: true, ("FORWARDED_ALLOW_IPS", "gateway.local")));

        Assert.StartsWith("FORWARDED_ALLOW_IPS", error.Message);
    }

    private static ForwardedHeadersOptions Configure(string setting, bool trustLoopbackByDefault, params (string Key, string Value)[] values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
        var options = new ForwardedHeadersOptions();
        ForwardedHeaders.Configure(options, configuration, setting, trustLoopbackByDefault);
        return options;
    }
}
