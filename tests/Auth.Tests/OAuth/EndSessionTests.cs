using System.Net;

namespace McpGateway.Auth.Tests.OAuth;

/// <summary>RP-Initiated Logout: the session ends, and the user returns only to a registered post-logout address.</summary>
public sealed class EndSessionTests(OAuthFixture factory) : IClassFixture<OAuthFixture>
{
    private const string AfterLogout = "http://127.0.0.1:7777/signed-out";

    [Fact]
    public async Task Logout_with_an_id_token_hint_ends_the_session_and_returns_to_the_registered_address_with_state()
    {
        using var flow = new OAuthFlow(factory);
        var client = await flow.RegisterClientAsync(postLogoutRedirectUris: [AfterLogout]);
        var user = await factory.CreateUserAsync();
        var pkce = PkcePair.New();
        var tokens = await flow.ExchangeCodeAsync(client, await flow.SignInForCodeAsync(client, user.Email, AuthFactory.UserPassword, pkce), pkce);

        using var logout = await flow.GetAsync($"/oauth/logout?id_token_hint={tokens.GetProperty("id_token").GetString()}" +
            $"&post_logout_redirect_uri={Uri.EscapeDataString(AfterLogout)}&state=bye");
        using var silent = await flow.GetAsync(OAuthFlow.AuthorizeUrl(client.ClientId, PkcePair.New(), extra: ("prompt", "none")));

        Assert.Equal("bye", OAuthFlow.RedirectParameters(logout, AfterLogout)["state"]);
        Assert.Contains(logout.Headers.GetValues("Set-Cookie"), c => c.StartsWith("mcpgw_session=;", StringComparison.Ordinal));
        Assert.Equal("login_required", OAuthFlow.RedirectParameters(silent)["error"]);
    }

    [Theory]
    [InlineData("http://127.0.0.1:7777/elsewhere", true)]
    [InlineData(AfterLogout, false)]   // registered, but no client is named
    public async Task Logout_never_redirects_to_an_address_not_registered_for_the_named_client(string target, bool nameClient)
    {
        using var flow = new OAuthFlow(factory);
        var client = await flow.RegisterClientAsync(postLogoutRedirectUris: [AfterLogout]);

        using var logout = await flow.GetAsync($"/oauth/logout?post_logout_redirect_uri={Uri.EscapeDataString(target)}" +
            (nameClient ? $"&client_id={client.ClientId}" : ""));

        Assert.Equal(HttpStatusCode.BadRequest, logout.StatusCode);
        Assert.Null(logout.Headers.Location);
    }

    [Fact]
    public async Task Logout_without_a_destination_shows_a_signed_out_page()
    {
        using var flow = new OAuthFlow(factory);

        using var logout = await flow.GetAsync("/oauth/logout");

        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        Assert.Contains("signed out", await logout.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
