using System.Net.Http.Json;
using System.Text.Json;
using McpGateway.TestSupport;

namespace McpGateway.EndToEnd.Tests.Oidc;

/// <summary>
/// The whole product as an OpenID Connect provider, judged by a certified relying-party library (openid-client, run by
/// Node.js) talking only to the gateway: discovery, dynamic registration, authorization code with PKCE through the
/// login form, code exchange, refresh rotation and reuse detection, userinfo, revocation.
/// </summary>
public sealed class OidcRelyingPartyTests : IAsyncLifetime
{
    private const string AdminEmail = "oidc-admin@example.com";
    private const string AdminPassword = "oidc-e2e-password-1";

    private readonly TempDirectory _home = new();
    private RunningStack _stack = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _stack = await RunningStack.StartAsync(_home.Path, new Dictionary<string, string>
        {
            ["PLATFORM_ADMIN_EMAIL"] = AdminEmail,
            ["PLATFORM_ADMIN_PASSWORD"] = AdminPassword,
        });

    [Fact]
    public async Task A_certified_relying_party_completes_every_flow_through_the_gateway()
    {
        // AppHost made the gateway's URL the issuer; the relying party starts from it, as a user's client would.
        using var http = new HttpClient { BaseAddress = _stack.Gateway };
        var issuer = (await http.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration", Cancel)).GetProperty("issuer").GetString()!;
        Assert.Equal(_stack.Gateway.Port, new Uri(issuer).Port);

        var result = await NodeRelyingParty.RunAsync(new Dictionary<string, string>
        {
            ["OIDC_ISSUER"] = issuer,
            ["OIDC_EMAIL"] = AdminEmail,
            ["OIDC_PASSWORD"] = AdminPassword,
        }, Cancel);

        Assert.Equal(issuer, result.GetProperty("discovery").GetProperty("issuer").GetString());
        Assert.Equal($"{issuer}/oauth/token", result.GetProperty("discovery").GetProperty("token_endpoint").GetString());
        Assert.Equal(["S256"], result.GetProperty("discovery").GetProperty("code_challenge_methods_supported").EnumerateArray().Select(m => m.GetString()));
        var clientId = result.GetProperty("client_id").GetString();
        Assert.False(string.IsNullOrEmpty(clientId));

        Assert.Equal(200, result.GetProperty("login_page_status").GetInt32());
        Assert.True(result.GetProperty("login_form_has_csrf_token").GetBoolean());
        Assert.Equal(302, result.GetProperty("login_post_status").GetInt32());
        var callback = result.GetProperty("callback");
        Assert.Equal("http://127.0.0.1:53682/callback", callback.GetProperty("origin_and_path").GetString());
        Assert.True(callback.GetProperty("has_code").GetBoolean());
        Assert.Equal(issuer, callback.GetProperty("iss").GetString());

        var tokens = result.GetProperty("tokens");
        Assert.Equal("bearer", tokens.GetProperty("token_type").GetString());
        Assert.Equal("openid profile email offline_access", tokens.GetProperty("scope").GetString());
        Assert.True(tokens.GetProperty("has_refresh_token").GetBoolean());
        var idToken = tokens.GetProperty("id_token");
        Assert.Equal(AdminEmail, idToken.GetProperty("sub").GetString());
        Assert.Equal(AdminEmail, idToken.GetProperty("email").GetString());
        Assert.Equal(clientId, idToken.GetProperty("aud").GetString());
        Assert.True(idToken.GetProperty("nonce_matches").GetBoolean());
        Assert.True(idToken.GetProperty("has_auth_time").GetBoolean());

        Assert.True(result.GetProperty("refresh").GetProperty("new_access_token").GetBoolean());
        Assert.True(result.GetProperty("refresh").GetProperty("rotated").GetBoolean());
        Assert.Equal("invalid_grant", result.GetProperty("reused_refresh_token_error").GetString());

        Assert.Equal(200, result.GetProperty("consent").GetProperty("page_status").GetInt32());
        Assert.Equal(302, result.GetProperty("consent").GetProperty("post_status").GetInt32());
        var userInfo = result.GetProperty("userinfo");
        Assert.Equal(AdminEmail, userInfo.GetProperty("sub").GetString());
        Assert.Equal(AdminEmail, userInfo.GetProperty("email").GetString());

        Assert.Equal("invalid_grant", result.GetProperty("revoked_refresh_token_error").GetString());
        Assert.Equal("invalid_token", result.GetProperty("userinfo_after_access_token_revocation").GetString());
    }

    public async ValueTask DisposeAsync()
    {
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }
        _home.Dispose();
    }
}
