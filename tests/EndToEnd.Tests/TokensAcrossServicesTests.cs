using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace McpGateway.EndToEnd.Tests;

/// <summary>
/// Tokens issued by the auth service are checked by another service (teams) on its own, through the gateway:
/// real tokens are accepted; tampered, unsigned and wrong-audience ones are refused with a Bearer challenge.
/// </summary>
public sealed class TokensAcrossServicesTests(StackFixture fixture) : IClassFixture<StackFixture>
{
    private const string TeamsRoute = "/rbac/permissions/available";
    private readonly HttpClient _client = fixture.Client;
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_token_from_the_auth_service_is_accepted_by_the_teams_service()
    {
        using var response = await GetTeamsAsync(new AuthenticationHeaderValue("Bearer", await LoginAsync()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_configured_Basic_pair_is_the_platform_admin_at_the_auth_and_teams_services()
    {
        var basic = StackFixture.BasicAuthorization;
        using var me = new HttpRequestMessage(HttpMethod.Get, "/auth/email/me") { Headers = { Authorization = basic } };

        using var meResponse = await _client.SendAsync(me, Cancel);
        var user = await meResponse.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        using var teams = await GetTeamsAsync(basic);

        Assert.Equal(StackFixture.AdminEmail, user.GetProperty("email").GetString());
        Assert.True(user.GetProperty("is_admin").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, teams.StatusCode);
    }

    [Fact]
    public async Task No_credentials_get_401_with_a_Bearer_challenge()
    {
        using var response = await GetTeamsAsync(null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, c => c.Scheme == "Bearer");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_token_with_a_tampered_payload_is_refused()
    {
        var parts = (await LoginAsync()).Split('.');
        var claims = JsonSerializer.Deserialize<Dictionary<string, object>>(Base64UrlDecode(parts[1]))!;
        claims["sub"] = "someone.else@example.com";

        await AssertRefusedAsync($"{parts[0]}.{Base64UrlEncode(JsonSerializer.Serialize(claims))}.{parts[2]}");
    }

    [Fact]
    public async Task An_unsigned_alg_none_token_is_refused()
    {
        var parts = (await LoginAsync()).Split('.');

        await AssertRefusedAsync($"{Base64UrlEncode("""{"alg":"none","typ":"at+jwt"}""")}.{parts[1]}.");
    }

    [Fact]
    public async Task A_token_issued_for_another_resource_is_refused_by_the_teams_service()
    {
        // A client that may use client_credentials is registered with the operator's registration token.
        using var register = new HttpRequestMessage(HttpMethod.Post, "/oauth/register")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", StackFixture.RegistrationToken) },
            Content = JsonContent.Create(new Dictionary<string, object>
            {
                ["client_name"] = "audience test",
                ["grant_types"] = new[] { "client_credentials" },
                ["token_endpoint_auth_method"] = "client_secret_post",
            }),
        };
        var registration = await (await _client.SendAsync(register, Cancel)).Content.ReadFromJsonAsync<JsonElement>(Cancel);
        using var tokenResponse = await _client.PostAsync("/oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = registration.GetProperty("client_id").GetString()!,
            ["client_secret"] = registration.GetProperty("client_secret").GetString()!,
            ["resource"] = "https://elsewhere.example/api",
        }), Cancel);
        var token = (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("access_token").GetString()!;

        await AssertRefusedAsync(token, "audience");
    }

    private async Task AssertRefusedAsync(string token, string? detailMentions = null)
    {
        using var response = await GetTeamsAsync(new AuthenticationHeaderValue("Bearer", token));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, c => c.Scheme == "Bearer" && c.Parameter!.Contains("invalid_token"));
        if (detailMentions is not null)
        {
            Assert.Contains(detailMentions, problem.GetProperty("detail").GetString());
        }
    }

    private async Task<HttpResponseMessage> GetTeamsAsync(AuthenticationHeaderValue? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, TeamsRoute) { Headers = { Authorization = authorization } };
        return await _client.SendAsync(request, Cancel);
    }

    private async Task<string> LoginAsync()
    {
        using var response = await _client.PostAsJsonAsync("/auth/email/login",
            new { email = StackFixture.AdminEmail, password = StackFixture.AdminPassword }, Cancel);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("access_token").GetString()!;
    }

    private static string Base64UrlEncode(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Base64UrlDecode(string encoded)
    {
        var padded = encoded.Replace('-', '+').Replace('_', '/');
        return Encoding.UTF8.GetString(Convert.FromBase64String(padded.PadRight(padded.Length + (4 - padded.Length % 4) % 4, '=')));
    }
}
