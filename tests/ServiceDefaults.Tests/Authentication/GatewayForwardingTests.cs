using System.Net;
using System.Net.Http.Headers;
using McpGateway.Gateway.Proxy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using static McpGateway.ServiceDefaults.Tests.Authentication.AuthenticationAssert;

namespace McpGateway.ServiceDefaults.Tests.Authentication;

/// <summary>
/// A bearer token is checked once, by the service that serves the request: the gateway has no authentication at all
/// and forwards the Authorization header as it came.
/// </summary>
public sealed class GatewayForwardingTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public void The_gateway_references_neither_our_token_validation_nor_JwtBearer()
    {
        var referenced = typeof(ProxyRoutes).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.Contains("McpGateway.ServiceDefaults", referenced);
        Assert.DoesNotContain("McpGateway.ServiceDefaults.Authentication", referenced);
        Assert.DoesNotContain("Microsoft.AspNetCore.Authentication.JwtBearer", referenced);
    }

    [Fact]
    public async Task A_forged_token_is_forwarded_untouched_and_refused_by_the_service_with_its_challenge()
    {
        var published = TestSigningKey.Rsa("rsa-1");
        await using var auth = await FakeAuthServer.StartAsync(ProtectedApp.Issuer, published);
        await using var teams = await ProtectedApp.StartAsync(auth);
        await using var gateway = new GatewayFactory(auth.Address, teams.Client.BaseAddress!);
        using var client = gateway.CreateClient();
        var forged = TestSigningKey.Rsa("stranger").Sign(new TokenSpec { Subject = "mallory@example.com" });

        using var echoed = await SendAsync(client, "/rbac/headers", forged);
        using var refused = await SendAsync(client, "/rbac/whoami", forged);
        using var accepted = await SendAsync(client, "/rbac/whoami", published.Sign(new TokenSpec { Subject = "bob@example.com" }));

        Assert.Equal($"Bearer {forged}", await echoed.Content.ReadAsStringAsync(Cancel));
        const string detail = "The access token was signed with a key the auth service does not publish.";
        await UnauthorizedAsync(refused, InvalidToken(detail), detail, forged);
        Assert.Equal("bob@example.com", await accepted.Content.ReadAsStringAsync(Cancel));
        // Checked once, by the service; the gateway has no authentication to run.
        Assert.Single(teams.Logs.Lines, line => line.Contains("Bearer token rejected", StringComparison.Ordinal));
        Assert.Null(gateway.Services.GetService<IAuthenticationSchemeProvider>());
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request, Cancel);
    }

    /// <summary>The gateway in-process, its three services all at <paramref name="service"/> but the auth service's keys.</summary>
    private sealed class GatewayFactory(Uri auth, Uri service) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("services:auth:http:0", auth.ToString());
            builder.UseSetting("services:teams:http:0", service.ToString());
            builder.UseSetting("services:catalog:http:0", service.ToString());
        }
    }
}
