using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.ServiceDefaults.Tests.Authentication;

/// <summary>
/// A request is authenticated only where its endpoint asks for it: no scheme is the default, so the authentication
/// middleware (placed by MapDefaultEndpoints) looks at no token, and an anonymous endpoint never runs JwtBearer.
/// </summary>
public sealed class AnonymousEndpointTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_anonymous_endpoint_answers_a_garbage_or_expired_token_without_looking_at_it()
    {
        var key = TestSigningKey.Rsa("rsa-1");
        await using var auth = await FakeAuthServer.StartAsync(ProtectedApp.Issuer, key);
        await using var app = await ProtectedApp.StartAsync(auth, ("LOG_LEVEL", "Debug"));
        var expired = key.Sign(new TokenSpec { NotBefore = DateTimeOffset.UtcNow.AddHours(-2), Expires = DateTimeOffset.UtcNow.AddMinutes(-5) });

        foreach (var token in new[] { "not-a-jwt", expired, TestSigningKey.Unsigned(new TokenSpec(), "rsa-1") })
        {
            using var response = await app.GetAsync("/open", token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("open to all", await response.Content.ReadAsStringAsync(Cancel));
        }

        // JwtBearer never ran: it would have fetched the keys, logged each refusal, and the framework its own lines.
        Assert.Equal((0, 0), (auth.DiscoveryRequests, auth.JwksRequests));
        Assert.DoesNotContain(app.Logs.Lines, line => line.Contains("Bearer token rejected", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Lines, line => line.Contains("Microsoft.AspNetCore.Authentication", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_token_is_checked_where_an_endpoint_requires_it()
    {
        var key = TestSigningKey.Rsa("rsa-1");
        await using var auth = await FakeAuthServer.StartAsync(ProtectedApp.Issuer, key);
        await using var app = await ProtectedApp.StartAsync(auth);
        var expired = key.Sign(new TokenSpec { NotBefore = DateTimeOffset.UtcNow.AddHours(-2), Expires = DateTimeOffset.UtcNow.AddMinutes(-5) });

        using var open = await app.GetAsync("/open", expired);
        using var protectedEndpoint = await app.GetAsync("/whoami", expired);

        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, protectedEndpoint.StatusCode);
        Assert.Single(app.Logs.Lines, line => line.Contains("Bearer token rejected: The access token has expired.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_authentication_scheme_is_the_default()
    {
        await using var auth = await FakeAuthServer.StartAsync(ProtectedApp.Issuer);
        await using var app = await ProtectedApp.StartAsync(auth);
        var schemes = app.Services.GetRequiredService<IAuthenticationSchemeProvider>();

        Assert.Null(await schemes.GetDefaultAuthenticateSchemeAsync());
        Assert.Null(await schemes.GetDefaultChallengeSchemeAsync());
        // Present all the same, for the request handlers to come (OpenID Connect callbacks): JwtBearer under our name.
        Assert.NotNull(await schemes.GetSchemeAsync("Bearer"));
    }
}
