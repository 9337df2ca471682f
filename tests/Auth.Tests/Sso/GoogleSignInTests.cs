using System.Net;
using McpGateway.Auth.Sso;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace McpGateway.Auth.Tests.Sso;

/// <summary>
/// Google, configured as an operator would (SSO_GOOGLE_*), with SSO_GOOGLE_ISSUER at a local stand-in of Google's OpenID
/// Connect endpoints (discovery, JWKS, authorize, token): `hd` is the Workspace domain, `email_verified` is required.
/// </summary>
public sealed class GoogleSignInTests(SsoFixture fixture) : IClassFixture<SsoFixture>
{
    private const string Workspace = "workspace.example";
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private WebApplicationFactory<Program> Google() => fixture.WithSso(
        ("SSO_GOOGLE_ENABLED", "true"),
        ("SSO_GOOGLE_CLIENT_ID", OidcIdentityProvider.ClientId),
        ("SSO_GOOGLE_CLIENT_SECRET", OidcIdentityProvider.ClientSecret),
        ("SSO_GOOGLE_ISSUER", fixture.Idp.Issuer),
        ("SSO_GOOGLE_ADMIN_DOMAINS", Workspace));

    [Fact]
    public async Task A_Workspace_user_of_an_admin_domain_becomes_a_platform_administrator_and_a_consumer_account_does_not()
    {
        await using var host = Google();
        var staff = AuthFactory.NewEmail("staff");
        var consumer = AuthFactory.NewEmail("consumer");

        using (var browser = new SsoBrowser(host))
        {
            var authorize = await browser.StartAsync("google");
            Assert.StartsWith($"{fixture.Idp.Issuer}/authorize?", authorize.AbsoluteUri);
            Assert.True(QueryHelpers.ParseQuery(authorize.Query).ContainsKey("nonce"));
            fixture.Idp.NextUser = new UpstreamUser(staff) { HostedDomain = Workspace };
            using var signedIn = await browser.CallbackAsync(await browser.AtProviderAsync(authorize));
            Assert.True(signedIn.StatusCode == HttpStatusCode.OK, await signedIn.Content.ReadAsStringAsync(Cancel));
        }
        fixture.Idp.NextUser = new UpstreamUser(consumer);
        using (var browser = new SsoBrowser(host))
        using (var signedIn = await browser.SignInAsync("google"))
        {
            Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        }

        var users = await fixture.WithDbAsync(db => db.Users.AsNoTracking().Where(u => u.Email == staff || u.Email == consumer).ToDictionaryAsync(u => u.Email, Cancel));
        Assert.True(users[staff].IsAdmin);
        Assert.Equal("google", users[staff].AuthProvider);
        Assert.False(users[consumer].IsAdmin);
    }

    [Fact]
    public async Task An_address_Google_has_not_verified_is_refused()
    {
        await using var host = Google();
        var email = AuthFactory.NewEmail("unverified");
        fixture.Idp.NextUser = new UpstreamUser(email, EmailVerified: false) { HostedDomain = Workspace };

        using var browser = new SsoBrowser(host);
        using var refused = await browser.SignInAsync("google");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.False(await fixture.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email, Cancel)));
    }

    [Fact]
    public void A_Google_issuer_that_is_not_an_absolute_URL_stops_the_start()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SSO_GOOGLE_ENABLED"] = "true",
            ["SSO_GOOGLE_CLIENT_ID"] = "id",
            ["SSO_GOOGLE_ISSUER"] = "not a url",
        }).Build();

        Assert.Throws<InvalidOperationException>(() => { SsoSettings.FromConfiguration(configuration); });
        configuration["SSO_GOOGLE_ISSUER"] = null;
        Assert.Equal("https://accounts.google.com", SsoSettings.FromConfiguration(configuration).Providers.Single().Row.Issuer);
    }
}
