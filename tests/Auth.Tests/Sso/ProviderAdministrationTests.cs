using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Auth.Tests.Sso;

/// <summary>`/auth/sso/admin/providers`: providers added at runtime sign people in at once; their secrets never come back.</summary>
public sealed class ProviderAdministrationTests(SsoFixture fixture) : IClassFixture<SsoFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_provider_added_at_runtime_signs_users_in_without_a_restart_and_its_secret_is_masked_and_encrypted()
    {
        using var admin = await AdminAsync();
        var id = $"runtime-{Guid.NewGuid():N}"[..20];

        using var created = await admin.PostAsJsonAsync("/auth/sso/admin/providers", new
        {
            id,
            display_name = "Runtime IdP",
            provider_type = "oidc",
            client_id = OidcIdentityProvider.ClientId,
            client_secret = OidcIdentityProvider.ClientSecret,
            issuer = fixture.Idp.Issuer,
            trusted_domains = new[] { "runtime.example" },
        }, Cancel);
        var body = await created.Content.ReadAsStringAsync(Cancel);
        Assert.True(created.StatusCode == HttpStatusCode.Created, body);
        Assert.DoesNotContain(OidcIdentityProvider.ClientSecret, body);
        Assert.Equal("********", JsonDocument.Parse(body).RootElement.GetProperty("client_secret").GetString());
        var stored = await fixture.WithDbAsync(db => db.SsoProviders.AsNoTracking().SingleAsync(p => p.Id == id, Cancel));
        Assert.DoesNotContain(OidcIdentityProvider.ClientSecret, stored.ClientSecretEncrypted!);

        // The masked secret sent back unchanged keeps the stored one.
        using var updated = await admin.PutAsJsonAsync($"/auth/sso/admin/providers/{id}", new
        {
            display_name = "Runtime IdP (renamed)",
            provider_type = "oidc",
            client_id = OidcIdentityProvider.ClientId,
            client_secret = "********",
            issuer = fixture.Idp.Issuer,
            trusted_domains = new[] { "runtime.example" },
        }, Cancel);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);

        var email = $"someone-{Guid.NewGuid():N}@runtime.example";
        fixture.Idp.NextUser = new UpstreamUser(email);
        using (var browser = new SsoBrowser(fixture.Host))
        using (var signedIn = await browser.SignInAsync(id))
        {
            Assert.True(signedIn.StatusCode == HttpStatusCode.OK, await signedIn.Content.ReadAsStringAsync(Cancel));
        }
        // The provider's own trusted domains apply to it.
        fixture.Idp.NextUser = new UpstreamUser(AuthFactory.NewEmail("elsewhere"));
        using (var browser = new SsoBrowser(fixture.Host))
        using (var refused = await browser.SignInAsync(id))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        Assert.Equal(id, (await fixture.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == email, Cancel))).AuthProvider);

        using var deleted = await admin.DeleteAsync($"/auth/sso/admin/providers/{id}", Cancel);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        // Teams learns it, to take away the memberships this provider granted.
        var announced = await fixture.WithDbAsync(db => db.Set<ServiceDefaults.Messaging.OutboxMessage>().AsNoTracking()
            .Where(m => m.Type == "McpGateway.Contracts.SsoProviderDeleted" && m.Payload.Contains(id)).ToListAsync(Cancel));
        Assert.Equal(id, JsonDocument.Parse(Assert.Single(announced).Payload).RootElement.GetProperty("provider").GetString());
        using var anonymous = fixture.Host.CreateClient(new() { AllowAutoRedirect = false });
        using var gone = await anonymous.GetAsync($"/auth/sso/login/{id}", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Listing_and_reading_providers_never_shows_a_client_secret()
    {
        using var admin = await AdminAsync();

        using var list = await admin.GetAsync("/auth/sso/admin/providers", Cancel);
        using var one = await admin.GetAsync($"/auth/sso/admin/providers/{SsoFixture.ProviderId}", Cancel);

        var listBody = await list.Content.ReadAsStringAsync(Cancel);
        var oneBody = await one.Content.ReadAsStringAsync(Cancel);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.DoesNotContain(OidcIdentityProvider.ClientSecret, listBody + oneBody);
        Assert.Equal("********", JsonDocument.Parse(oneBody).RootElement.GetProperty("client_secret").GetString());
    }

    [Theory]
    [InlineData("""{"id":"Bad Id","provider_type":"oidc","client_id":"c","issuer":"https://idp.example"}""", "id")]
    [InlineData("""{"id":"ok","provider_type":"saml","client_id":"c"}""", "provider_type")]
    [InlineData("""{"id":"ok","provider_type":"oidc","client_id":"c"}""", "issuer")]
    [InlineData("""{"id":"ok","provider_type":"oidc","client_id":"c","issuer":"ftp://idp.example"}""", "issuer")]
    [InlineData("""{"id":"ok","provider_type":"github","client_id":""}""", "client_id")]
    [InlineData("""{"id":"ok","provider_type":"github","client_id":"c","team_mapping":{"rules":[{"group":"g","team":"t","role":"king"}]}}""", "team_mapping")]
    [InlineData("""{"id":"ok","provider_type":"github","client_id":"c\u0000"}""", null)]
    public async Task Bad_provider_definitions_are_400_problems(string json, string? field)
    {
        using var admin = await AdminAsync();

        using var response = await admin.PostAsync("/auth/sso/admin/providers", OAuth.OAuthAssert.RawJson(json), Cancel);

        var body = await OAuth.OAuthAssert.JsonAsync(response, HttpStatusCode.BadRequest);
        if (field is not null)
        {
            Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.ToString());
        }
    }

    [Fact]
    public async Task Only_platform_administrators_manage_providers_and_unknown_ids_are_404()
    {
        var user = await fixture.Service.CreateUserAsync(AuthFactory.NewEmail("not-admin"));
        using var plain = fixture.Host.CreateClient();
        plain.DefaultRequestHeaders.Authorization = new("Bearer", await TokenAsync(user.Email, AuthFactory.UserPassword));
        using var admin = await AdminAsync();

        using var forbidden = await plain.GetAsync("/auth/sso/admin/providers", Cancel);
        using var missing = await admin.GetAsync("/auth/sso/admin/providers/nope", Cancel);
        using var nul = await admin.GetAsync("/auth/sso/admin/providers/a%01b", Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        await OAuth.OAuthAssert.ProblemAsync(missing, HttpStatusCode.NotFound);
        await OAuth.OAuthAssert.ProblemAsync(nul, HttpStatusCode.BadRequest);
    }

    private async Task<HttpClient> AdminAsync()
    {
        var client = fixture.Host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await TokenAsync(AuthFactory.AdminEmail, AuthFactory.AdminPassword));
        return client;
    }

    private async Task<string> TokenAsync(string email, string password)
    {
        using var client = fixture.Host.CreateClient();
        using var response = await client.PostAsJsonAsync("/auth/email/login", new { email, password }, Cancel);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("access_token").GetString()!;
    }
}
