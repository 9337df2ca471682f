using System.Net;
using System.Text.Json;

namespace McpGateway.Auth.Tests.OAuth;

/// <summary>Dynamic client registration (RFC 7591), as MCP clients use it.</summary>
public sealed class ClientRegistrationTests(OAuthFixture factory) : IClassFixture<OAuthFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_public_client_with_a_loopback_redirect_uri_is_registered_without_a_secret()
    {
        using var flow = new OAuthFlow(factory);

        using var response = await flow.RegisterAsync(new
        {
            client_name = "Claude Desktop",
            redirect_uris = new[] { "http://127.0.0.1:33418/callback", "http://localhost:33418/callback", "http://[::1]:33418/callback" },
            token_endpoint_auth_method = "none",
            grant_types = new[] { "authorization_code", "refresh_token" },
            response_types = new[] { "code" },
            scope = "openid email unknown-scope",
            logo_uri = "https://example.com/logo.png",
        });
        var client = await OAuthAssert.JsonAsync(response, HttpStatusCode.Created);

        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.False(string.IsNullOrEmpty(client.GetProperty("client_id").GetString()));
        Assert.False(client.TryGetProperty("client_secret", out _));
        Assert.InRange(client.GetProperty("client_id_issued_at").GetInt64(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal("none", client.GetProperty("token_endpoint_auth_method").GetString());
        Assert.Equal("Claude Desktop", client.GetProperty("client_name").GetString());
        Assert.Equal(3, client.GetProperty("redirect_uris").GetArrayLength());
        Assert.Equal("openid email", client.GetProperty("scope").GetString());
    }

    [Fact]
    public async Task A_confidential_client_gets_its_secret_once_and_client_secret_basic_by_default()
    {
        using var flow = new OAuthFlow(factory);

        using var response = await flow.RegisterAsync(new { redirect_uris = new[] { "https://app.example/cb" } });
        var client = await OAuthAssert.JsonAsync(response, HttpStatusCode.Created);

        Assert.Equal("client_secret_basic", client.GetProperty("token_endpoint_auth_method").GetString());
        Assert.Equal(43, client.GetProperty("client_secret").GetString()!.Length);
        Assert.Equal(0, client.GetProperty("client_secret_expires_at").GetInt32());
        Assert.Equal(["authorization_code"], client.GetProperty("grant_types").EnumerateArray().Select(g => g.GetString()));
        Assert.Equal(["code"], client.GetProperty("response_types").EnumerateArray().Select(g => g.GetString()));
    }

    [Theory]
    [InlineData("http://app.example/callback")]       // plain http off loopback
    [InlineData("http://10.0.0.5/callback")]
    [InlineData("https://app.example/cb#fragment")]
    [InlineData("/relative/callback")]
    [InlineData("app.example/callback")]
    [InlineData("https://user:pass@app.example/cb")]
    public async Task A_redirect_uri_that_is_not_https_or_loopback_http_is_invalid_redirect_uri(string redirectUri)
    {
        using var flow = new OAuthFlow(factory);

        using var response = await flow.RegisterAsync(new { redirect_uris = new[] { redirectUri }, token_endpoint_auth_method = "none" });

        await OAuthAssert.ErrorAsync(response, "invalid_redirect_uri");
    }

    [Fact]
    public async Task Redirect_uris_are_required_for_the_authorization_code_grant()
    {
        using var flow = new OAuthFlow(factory);

        using var response = await flow.RegisterAsync(new { client_name = "no redirect", token_endpoint_auth_method = "none" });

        await OAuthAssert.ErrorAsync(response, "invalid_redirect_uri");
    }

    [Theory]
    [InlineData("""{"redirect_uris":["https://a.example/cb"],"token_endpoint_auth_method":"private_key_jwt"}""")]
    [InlineData("""{"redirect_uris":["https://a.example/cb"],"grant_types":["implicit"]}""")]
    [InlineData("""{"redirect_uris":["https://a.example/cb"],"response_types":["token"]}""")]
    [InlineData("""{"redirect_uris":["https://a.example/cb"],"token_endpoint_auth_method":"none","grant_types":["authorization_code","client_credentials"]}""")]
    [InlineData("""{"redirect_uris":"https://a.example/cb"}""")]
    [InlineData("""{"redirect_uris":["https://a.example/cb"],"client_name":42}""")]
    [InlineData("""["https://a.example/cb"]""")]
    [InlineData("""{"redirect_uris":[""")]
    public async Task Invalid_metadata_is_invalid_client_metadata(string json)
    {
        using var flow = new OAuthFlow(factory);

        using var response = await flow.Machine.PostAsync("/oauth/register", OAuthAssert.RawJson(json), Cancel);

        await OAuthAssert.ErrorAsync(response, "invalid_client_metadata");
    }

    [Fact]
    public async Task Anonymous_registration_never_yields_a_client_that_may_use_client_credentials()
    {
        using var flow = new OAuthFlow(factory);

        using var anonymous = await flow.RegisterAsync(new { grant_types = new[] { "client_credentials" }, token_endpoint_auth_method = "client_secret_basic" });
        using var mixed = await flow.RegisterAsync(new
        {
            redirect_uris = new[] { OAuthFlow.RedirectUri }, grant_types = new[] { "authorization_code", "client_credentials" },
        });
        using var operatorRegistered = await flow.RegisterAsOperatorAsync(new { grant_types = new[] { "client_credentials" }, token_endpoint_auth_method = "client_secret_basic" });

        await OAuthAssert.ErrorAsync(anonymous, "invalid_client_metadata");
        await OAuthAssert.ErrorAsync(mixed, "invalid_client_metadata");
        Assert.Equal(["client_credentials"], (await OAuthAssert.JsonAsync(operatorRegistered, HttpStatusCode.Created))
            .GetProperty("grant_types").EnumerateArray().Select(g => g.GetString()));
    }

    [Fact]
    public async Task With_a_registration_token_configured_registration_without_it_is_refused()
    {
        using var flow = new OAuthFlow(factory);
        using var withoutToken = await flow.Operator.PostAsync("/oauth/register",
            OAuthAssert.RawJson("""{"redirect_uris":["http://127.0.0.1:9/cb"],"token_endpoint_auth_method":"none"}"""), Cancel);
        using var wrongToken = new HttpRequestMessage(HttpMethod.Post, "/oauth/register")
        {
            Content = OAuthAssert.RawJson("""{"redirect_uris":["http://127.0.0.1:9/cb"],"token_endpoint_auth_method":"none"}"""),
            Headers = { Authorization = new("Bearer", "not-the-token") },
        };
        using var wrong = await flow.Operator.SendAsync(wrongToken, Cancel);

        await OAuthAssert.ErrorAsync(withoutToken, "invalid_token", HttpStatusCode.Unauthorized);
        await OAuthAssert.ErrorAsync(wrong, "invalid_token", HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Registration_is_rate_limited_per_address_with_a_Retry_After()
    {
        using var client = factory.Limited.CreateClient();
        // Warm the host up where no limit applies: the bucket's refill (one every 3 s) must not race a cold start.
        (await client.GetAsync("/oauth/authorize?client_id=warm-up", Cancel)).Dispose();
        using (var flow = new OAuthFlow(factory))
        {
            await flow.RegisterClientAsync();
        }
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 10 && limited is null; i++)
        {
            var response = await client.PostAsync("/oauth/register", OAuthAssert.RawJson("""{"redirect_uris":["http://127.0.0.1:9/cb"],"token_endpoint_auth_method":"none"}"""), Cancel);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.NotNull(limited);
        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("temporarily_unavailable", (await OAuthAssert.JsonAsync(limited, HttpStatusCode.TooManyRequests)).GetProperty("error").GetString());
        limited.Dispose();
    }
}
