using McpGateway.Auth.Tests.Sso;
using McpGateway.TestSupport;
using Microsoft.Playwright;

namespace McpGateway.Admin.Tests;

/// <summary>
/// One running product (AppHost: the services, the admin UI, the gateway) on SQLite in a fresh data directory, and one
/// headless Chromium (Debian's, driven by Playwright), shared by every browser test: starting the stack is the slow part.
/// </summary>
public sealed class AdminStackFixture : IAsyncLifetime
{
    public const string AdminEmail = "admin@example.com";
    public const string AdminPassword = "admin-ui-test-password";
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly TempDirectory _home = new();

    public const string SsoProviderName = "Corp SSO";

    public RunningStack Stack { get; private set; } = null!;

    /// <summary>An upstream OpenID Connect provider on loopback, configured as the gateway's SSO provider.</summary>
    public OidcIdentityProvider Idp { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public IPlaywright Playwright { get; private set; } = null!;

    /// <summary>Null when Chromium is not installed: nothing was started, and each browser test says what to install.</summary>
    public IBrowser? Browser { get; private set; }

    /// <summary>The public origin the browser uses (the gateway), as the stack advertises it: http://localhost:port.</summary>
    public Uri Origin { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            return;
        }
        Idp = await OidcIdentityProvider.StartAsync();
        Stack = await RunningStack.StartAsync(_home.Path, new Dictionary<string, string>
        {
            ["PLATFORM_ADMIN_EMAIL"] = AdminEmail,
            ["PLATFORM_ADMIN_PASSWORD"] = AdminPassword,
            // Every browser test signs in from this one address: the default 10 a minute is for people, not a suite
            // (the limit itself is tested in the auth service's tests).
            ["LOGIN_RATE_LIMIT_PER_MINUTE"] = "300",
            ["SSO_ENABLED"] = "true",
            ["SSO_GENERIC_ENABLED"] = "true",
            ["SSO_GENERIC_PROVIDER_ID"] = "corp",
            ["SSO_GENERIC_DISPLAY_NAME"] = SsoProviderName,
            ["SSO_GENERIC_CLIENT_ID"] = OidcIdentityProvider.ClientId,
            ["SSO_GENERIC_CLIENT_SECRET"] = OidcIdentityProvider.ClientSecret,
            ["SSO_GENERIC_ISSUER"] = Idp.Issuer,
        });
        // The issuer (and so the registered redirect URI) is http://localhost:<port>; the browser must use that origin.
        Origin = new UriBuilder(Stack.Gateway) { Host = "localhost" }.Uri;
        Client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Origin };
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true });
    }

    /// <summary>Creates an account through the auth API as the platform admin (what the Users page does, set up fast).</summary>
    public async Task CreateUserAsync(string email, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/email/admin/users")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { email, password, full_name = email.Split('@')[0] }),
        };
        request.Headers.Authorization = new("Bearer", await AdminTokenAsync());
        using var response = await Client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"creating {email}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>A bearer token of the platform admin, from the email login API.</summary>
    public async Task<string> AdminTokenAsync()
    {
        using var response = await Client.PostAsync("/auth/email/login",
            System.Net.Http.Json.JsonContent.Create(new { email = AdminEmail, password = AdminPassword }));
        response.EnsureSuccessStatusCode();
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("access_token").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        Playwright?.Dispose();
        Client?.Dispose();
        if (Stack is not null)
        {
            await Stack.DisposeAsync();
        }
        if (Idp is not null)
        {
            await Idp.DisposeAsync();
        }
        _home.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class AdminStackCollection : ICollectionFixture<AdminStackFixture>
{
    public const string Name = "admin stack";
}
