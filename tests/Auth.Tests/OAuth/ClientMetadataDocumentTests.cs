using System.Net;
using McpGateway.TestSupport;

namespace McpGateway.Auth.Tests.OAuth;

/// <summary>
/// Client ID Metadata Documents (the MCP authorization spec's way for a client to identify itself): a client_id that is
/// a URL names the client's metadata, which the provider fetches, checks and caches, then treats as a public client.
/// </summary>
public sealed class ClientMetadataDocumentTests(OAuthFixture factory) : IClassFixture<OAuthFixture>, IAsyncLifetime
{
    private MetadataDocumentServer _documents = null!;
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _documents = await MetadataDocumentServer.StartAsync();

    public async ValueTask DisposeAsync() => await _documents.DisposeAsync();

    [Fact]
    public async Task A_client_named_by_its_metadata_document_signs_a_user_in_with_the_code_flow()
    {
        var clientId = _documents.Publish($"/clients/{Guid.NewGuid():N}.json", Document(OAuthFlow.RedirectUri));
        var client = new RegisteredClient(clientId, Secret: null, "none", OAuthFlow.RedirectUri);
        using var flow = new OAuthFlow(factory);
        var user = await factory.CreateUserAsync();
        var pkce = PkcePair.New();

        using var page = await flow.GetAsync(OAuthFlow.AuthorizeUrl(clientId, pkce));
        var html = await page.Content.ReadAsStringAsync(Cancel);
        using var redirect = await flow.SubmitLoginAsync(page, user.Email, AuthFactory.UserPassword);
        var tokens = await flow.ExchangeCodeAsync(client, OAuthFlow.RedirectParameters(redirect)["code"], pkce);
        using var refreshed = await flow.RefreshAsync(client, tokens.GetProperty("refresh_token").GetString()!);

        Assert.Contains("Metadata Document Client", html);
        var access = OAuthFlow.Jwt(tokens.GetProperty("access_token").GetString()!);
        Assert.Equal(user.Email, access.Subject);
        Assert.Equal(clientId, access.GetPayloadValue<string>("client_id"));
        Assert.Equal([clientId], OAuthFlow.Jwt(tokens.GetProperty("id_token").GetString()!).Audiences);
        await OAuthAssert.JsonAsync(refreshed);
    }

    [Fact]
    public async Task The_document_is_fetched_once_and_served_from_the_cache_afterwards()
    {
        var clientId = _documents.Publish($"/clients/{Guid.NewGuid():N}.json", Document(OAuthFlow.RedirectUri), cacheControl: "max-age=3600");
        using var flow = new OAuthFlow(factory);

        for (var i = 0; i < 3; i++)
        {
            using var page = await flow.GetAsync(OAuthFlow.AuthorizeUrl(clientId, PkcePair.New()));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        Assert.Equal(1, _documents.FetchesOf(clientId));
    }

    [Fact]
    public async Task A_redirect_uri_the_document_does_not_list_gets_an_error_page()
    {
        var clientId = _documents.Publish($"/clients/{Guid.NewGuid():N}.json", Document(OAuthFlow.RedirectUri));
        using var flow = new OAuthFlow(factory);

        using var response = await flow.GetAsync(OAuthFlow.AuthorizeUrl(clientId, PkcePair.New(), "http://127.0.0.1:7777/elsewhere"));

        await AssertErrorPageAsync(response);
    }

    public static TheoryData<string, string> RefusedDocuments => new()
    {
        { "another client_id", """{"client_id":"https://someone-else.example/client.json","redirect_uris":["http://127.0.0.1:7777/callback"]}""" },
        { "a client secret", """{"client_id":"{url}","client_secret":"s3cret","redirect_uris":["http://127.0.0.1:7777/callback"]}""" },
        { "a shared-secret method", """{"client_id":"{url}","token_endpoint_auth_method":"client_secret_basic","redirect_uris":["http://127.0.0.1:7777/callback"]}""" },
        { "client_credentials", """{"client_id":"{url}","grant_types":["client_credentials"],"token_endpoint_auth_method":"none"}""" },
        { "no redirect URI", """{"client_id":"{url}"}""" },
        { "not JSON", "<html>hello</html>" },
        { "too large", "{\"client_id\":\"{url}\",\"redirect_uris\":[\"http://127.0.0.1:7777/callback\"],\"padding\":\"" + new string('x', 6000) + "\"}" },
    };

    [Theory]
    [MemberData(nameof(RefusedDocuments))]
    public async Task A_document_that_breaks_the_rules_is_refused_on_an_error_page(string why, string body)
    {
        var path = $"/clients/{Guid.NewGuid():N}.json";
        var clientId = _documents.Answer(path, 200, body.Replace("{url}", _documents.UrlOf(path)));
        using var flow = new OAuthFlow(factory);

        using var response = await flow.GetAsync(OAuthFlow.AuthorizeUrl(clientId, PkcePair.New()));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, why);
        await AssertErrorPageAsync(response);
    }

    [Theory]
    [InlineData(404)]
    [InlineData(500)]
    [InlineData(302)]
    public async Task A_document_not_answered_with_200_is_refused_and_redirects_are_not_followed(int status)
    {
        var target = _documents.Publish($"/clients/{Guid.NewGuid():N}.json", Document(OAuthFlow.RedirectUri));
        var clientId = _documents.Answer($"/clients/{Guid.NewGuid():N}.json", status, "{}", location: target);
        using var flow = new OAuthFlow(factory);

        using var response = await flow.GetAsync(OAuthFlow.AuthorizeUrl(clientId, PkcePair.New()));

        await AssertErrorPageAsync(response);
        Assert.Equal(0, _documents.FetchesOf(target));
    }

    [Fact]
    public async Task By_default_a_document_on_a_loopback_or_private_address_is_never_fetched()
    {
        var clientId = _documents.Publish($"/clients/{Guid.NewGuid():N}.json", Document(OAuthFlow.RedirectUri));
        using var browser = factory.Limited.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var plain = await browser.GetAsync(OAuthFlow.AuthorizeUrl(clientId, PkcePair.New()), Cancel);
        using var https = await browser.GetAsync(OAuthFlow.AuthorizeUrl("https://127.0.0.1:1/client.json", PkcePair.New()), Cancel);
        using var rfc1918 = await browser.GetAsync(OAuthFlow.AuthorizeUrl("https://10.0.0.1/client.json", PkcePair.New()), Cancel);

        await AssertErrorPageAsync(plain);
        await AssertErrorPageAsync(https);
        await AssertErrorPageAsync(rfc1918);
        Assert.Equal(0, _documents.FetchesOf(clientId));
    }

    [Theory]
    [InlineData("https://client.example")]                       // no path
    [InlineData("https://client.example/a/../client.json")]       // a dot segment
    [InlineData("https://user:pass@client.example/client.json")]  // user info
    [InlineData("https://client.example/client.json#frag")]       // a fragment
    public async Task A_client_id_URL_that_breaks_the_rules_is_refused_without_a_fetch(string clientId)
    {
        using var flow = new OAuthFlow(factory);

        using var response = await flow.GetAsync(OAuthFlow.AuthorizeUrl(clientId, PkcePair.New()));

        await AssertErrorPageAsync(response);
    }

    [Fact]
    public async Task Discovery_says_client_id_metadata_documents_are_supported()
    {
        using var client = factory.Host.CreateClient();

        var metadata = await OAuthAssert.JsonAsync(await client.GetAsync("/.well-known/oauth-authorization-server", Cancel));

        Assert.True(metadata.GetProperty("client_id_metadata_document_supported").GetBoolean());
    }

    private static Dictionary<string, object?> Document(string redirectUri) => new()
    {
        ["client_name"] = "Metadata Document Client",
        ["redirect_uris"] = new[] { redirectUri },
        ["grant_types"] = new[] { "authorization_code", "refresh_token" },
        ["response_types"] = new[] { "code" },
        ["token_endpoint_auth_method"] = "none",
    };

    private static async Task AssertErrorPageAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync(Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("role=\"alert\"", html);
    }
}
