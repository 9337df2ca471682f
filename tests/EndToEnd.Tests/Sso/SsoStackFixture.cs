using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using McpGateway.TestSupport;

namespace McpGateway.EndToEnd.Tests.Sso;

/// <summary>
/// The whole product with SSO on and SSO_REQUIRE_ADMIN_APPROVAL, behind its gateway, and a third-party OpenID Connect
/// provider (<see cref="ThirdPartyIdentityProvider"/>) added at runtime by the platform admin as `corp`, whose `groups`
/// claim maps `eng` to the team <see cref="EngineeringSlug"/> (member) and `research` to <see cref="ResearchSlug"/> (owner).
/// A GitHub stand-in runs beside it, for tests that add GitHub as a provider.
/// </summary>
public sealed class SsoStackFixture : IAsyncLifetime
{
    public const string ProviderId = "corp";
    public const string ProviderName = "Corp Identity";
    public const string EngineeringSlug = "sso-engineering", ResearchSlug = "sso-research";
    private const string ClientSecret = "sso-end-to-end-client-secret";

    private readonly TempDirectory _home = new();

    public RunningStack Stack { get; private set; } = null!;
    public ThirdPartyIdentityProvider Idp { get; private set; } = null!;

    /// <summary>A local stand-in for GitHub's OAuth web flow and REST API (GitHub is OAuth 2.0, not OpenID Connect).</summary>
    public GitHubStandIn GitHub { get; private set; } = null!;

    /// <summary>The gateway's public origin, as its discovery document names it (the callback and cookies live there).</summary>
    public Uri Origin { get; private set; } = null!;

    /// <summary>The platform admin (the configured Basic pair), at the gateway.</summary>
    public HttpClient Admin { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var cancel = TestContext.Current.CancellationToken;
        Idp = await ThirdPartyIdentityProvider.StartAsync(cancel);
        GitHub = await GitHubStandIn.StartAsync();
        Stack = await RunningStack.StartAsync(_home.Path, new Dictionary<string, string>
        {
            ["PLATFORM_ADMIN_EMAIL"] = StackFixture.AdminEmail,
            ["PLATFORM_ADMIN_PASSWORD"] = StackFixture.AdminPassword,
            ["BASIC_AUTH_USER"] = StackFixture.BasicUser,
            ["BASIC_AUTH_PASSWORD"] = StackFixture.BasicPassword,
            ["SSO_ENABLED"] = "true",
            ["SSO_REQUIRE_ADMIN_APPROVAL"] = "true",
        });
        Admin = new HttpClient { BaseAddress = Stack.Gateway };
        Admin.DefaultRequestHeaders.Authorization = StackFixture.BasicAuthorization;
        var discovery = await Admin.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration", cancel);
        Origin = new Uri(discovery.GetProperty("issuer").GetString()!.TrimEnd('/') + "/");

        foreach (var slug in new[] { EngineeringSlug, ResearchSlug })
        {
            using var team = await Admin.PostAsJsonAsync("/teams", new { name = slug, slug, visibility = "private" }, cancel);
            Assert.True(team.StatusCode == HttpStatusCode.Created, await team.Content.ReadAsStringAsync(cancel));
        }
        await AddProviderAsync(ProviderId, ProviderName,
            new { group = "eng", team = EngineeringSlug, role = "member" }, new { group = "research", team = ResearchSlug, role = "owner" });
    }

    /// <summary>
    /// Adds <paramref name="id"/> at runtime, as an administrator does (`POST /auth/sso/admin/providers`), pointing at the IdP,
    /// with a client of its own there that may redirect to our callback for it.
    /// </summary>
    public async Task AddProviderAsync(string id, string displayName, params object[] rules)
    {
        var cancel = TestContext.Current.CancellationToken;
        var clientId = $"mcp-gateway-{id}";
        await Idp.AddClientAsync(clientId, ClientSecret, new Uri(Origin, $"auth/sso/callback/{id}").ToString());
        using var provider = await Admin.PostAsJsonAsync("/auth/sso/admin/providers", new
        {
            id,
            display_name = displayName,
            provider_type = "oidc",
            client_id = clientId,
            client_secret = ClientSecret,
            issuer = Idp.IssuerText,
            scope = "openid profile email groups",
            team_mapping = new { groups_claim = "groups", rules },
        }, cancel);
        Assert.True(provider.StatusCode == HttpStatusCode.Created, await provider.Content.ReadAsStringAsync(cancel));
    }

    public async ValueTask DisposeAsync()
    {
        Admin?.Dispose();
        if (Stack is not null)
        {
            await Stack.DisposeAsync();
        }
        if (Idp is not null)
        {
            await Idp.DisposeAsync();
        }
        if (GitHub is not null)
        {
            await GitHub.DisposeAsync();
        }
        _home.Dispose();
    }
}
