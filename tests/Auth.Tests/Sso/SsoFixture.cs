using System.Net;
using McpGateway.Auth.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace McpGateway.Auth.Tests.Sso;

/// <summary>
/// The auth service with SSO on and one generic OpenID Connect provider, `corp`, configured by environment variables as an
/// operator would, pointing at a real provider on loopback (<see cref="OidcIdentityProvider"/>). <see cref="WithSso"/> starts
/// another host on the same database with more settings: a second replica, or other account rules.
/// </summary>
public sealed class SsoFixture : IAsyncLifetime
{
    public const string ProviderId = "corp";

    public SqliteAuthFactory Service { get; } = new();
    public OidcIdentityProvider Idp { get; private set; } = null!;
    public WebApplicationFactory<Program> Host { get; private set; } = null!;
    private readonly List<WebApplicationFactory<Program>> _hosts = [];

    public async ValueTask InitializeAsync()
    {
        Idp = await OidcIdentityProvider.StartAsync();
        await Service.InitializeAsync();
        Host = WithSso();
        // Start it now: its start-up stores the configured provider, which tests read from the database first.
        _ = Host.Services;
    }

    public WebApplicationFactory<Program> WithSso(params (string Key, string? Value)[] settings)
    {
        var host = Service.WithSettings([
            ("SSO_ENABLED", "true"),
            ("SSO_GENERIC_ENABLED", "true"),
            ("SSO_GENERIC_PROVIDER_ID", ProviderId),
            ("SSO_GENERIC_DISPLAY_NAME", "Corp SSO"),
            ("SSO_GENERIC_CLIENT_ID", OidcIdentityProvider.ClientId),
            ("SSO_GENERIC_CLIENT_SECRET", OidcIdentityProvider.ClientSecret),
            ("SSO_GENERIC_ISSUER", Idp.Issuer),
            ("OAUTH_TOKEN_RATE_LIMIT_PER_MINUTE", "0"),
            ("OAUTH_REGISTRATION_RATE_LIMIT_PER_MINUTE", "0"),
            .. settings]);
        _hosts.Add(host);
        return host;
    }

    public Task<T> WithDbAsync<T>(Func<AuthContext, Task<T>> action) => Service.WithDbAsync(action);

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }
        await Service.DisposeAsync();
        if (Idp is not null)
        {
            await Idp.DisposeAsync();
        }
    }
}

/// <summary>
/// A browser that talks to the gateway (in-process, keeping cookies) and to the upstream provider (real HTTP), following
/// no redirect on its own, so each hop can be checked and tampered with.
/// </summary>
public sealed class SsoBrowser(WebApplicationFactory<Program> host) : IDisposable
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public HttpClient Gateway { get; } = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
    public HttpClient Upstream { get; } = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });

    /// <summary>`GET /auth/sso/login/{provider}`: the redirect to the provider (asserted).</summary>
    public async Task<Uri> StartAsync(string provider = SsoFixture.ProviderId, string? returnTo = null)
    {
        var path = $"/auth/sso/login/{provider}" + (returnTo is null ? "" : $"?return_to={Uri.EscapeDataString(returnTo)}");
        using var response = await Gateway.GetAsync(path, Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"login: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancel)}");
        return response.Headers.Location!;
    }

    /// <summary>The provider signs the user in and sends the browser back: the callback URL it redirects to.</summary>
    public async Task<Uri> AtProviderAsync(Uri authorizationUrl)
    {
        using var response = await Upstream.GetAsync(authorizationUrl, Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"provider: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancel)}");
        return response.Headers.Location!;
    }

    /// <summary>The callback, on the gateway (by path: the test host answers any origin).</summary>
    public Task<HttpResponseMessage> CallbackAsync(Uri callback) => Gateway.GetAsync(callback.PathAndQuery, Cancel);

    public async Task<HttpResponseMessage> SignInAsync(string provider = SsoFixture.ProviderId, string? returnTo = null) =>
        await CallbackAsync(await AtProviderAsync(await StartAsync(provider, returnTo)));

    public void Dispose()
    {
        Gateway.Dispose();
        Upstream.Dispose();
    }
}
