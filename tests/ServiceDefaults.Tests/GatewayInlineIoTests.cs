using McpGateway.Gateway.Extensions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace McpGateway.ServiceDefaults.Tests;

/// <summary>The gateway runs socket I/O inline (<see cref="InlineIo"/>) by default, and an operator can turn it off.</summary>
public sealed class GatewayInlineIoTests
{
    [Fact]
    public void The_gateway_runs_its_sockets_inline_by_default_and_not_when_the_environment_says_0()
    {
        var before = Environment.GetEnvironmentVariable(InlineIo.Variable);
        try
        {
            Environment.SetEnvironmentVariable(InlineIo.Variable, null);
            Assert.True(InlineSchedulingOfAGatewayStartedNow());
            Assert.Equal("1", Environment.GetEnvironmentVariable(InlineIo.Variable));

            Environment.SetEnvironmentVariable(InlineIo.Variable, "0");
            Assert.False(InlineSchedulingOfAGatewayStartedNow());
            Assert.Equal("0", Environment.GetEnvironmentVariable(InlineIo.Variable));
        }
        finally
        {
            Environment.SetEnvironmentVariable(InlineIo.Variable, before);
        }
    }

    private static bool InlineSchedulingOfAGatewayStartedNow()
    {
        using var gateway = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Production");
            web.UseSetting("services:auth:http:0", "http://127.0.0.1:9");
            web.UseSetting("services:teams:http:0", "http://127.0.0.1:9");
            web.UseSetting("services:catalog:http:0", "http://127.0.0.1:9");
        });
        return gateway.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value.UnsafePreferInlineScheduling;
    }
}
