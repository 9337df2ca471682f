using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using McpGateway.TestSupport;
using Microsoft.AspNetCore.WebUtilities;

namespace McpGateway.EndToEnd.Tests.Oidc;

/// <summary>
/// An MCP client that identifies itself with a Client ID Metadata Document signs a user in through the gateway, as the MCP
/// authorization spec (2025-11-25) has it: discovery says documents are supported, the client_id is the document's URL,
/// no registration happens, and the code flow with PKCE and a resource (RFC 8707) yields tokens for that MCP server.
/// The document is served over http on loopback, which the stack is told to allow; the C# MCP SDK (2.4.0) takes only
/// https document URLs, so this test drives the client's side itself, the way the SDK would.
/// </summary>
public sealed partial class ClientMetadataDocumentSignInTests : IAsyncLifetime
{
    private const string AdminEmail = "cimd-admin@example.com";
    private const string AdminPassword = "cimd-e2e-password-1";
    private const string RedirectUri = "http://127.0.0.1:53683/callback";

    private readonly TempDirectory _home = new();
    private RunningStack _stack = null!;
    private MetadataDocumentServer _documents = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _documents = await MetadataDocumentServer.StartAsync();
        _stack = await RunningStack.StartAsync(_home.Path, new Dictionary<string, string>
        {
            ["PLATFORM_ADMIN_EMAIL"] = AdminEmail,
            ["PLATFORM_ADMIN_PASSWORD"] = AdminPassword,
            ["OAUTH_CLIENT_METADATA_DOCUMENTS_ALLOW_PRIVATE_ADDRESSES"] = "true",
        });
    }

    [Fact]
    public async Task An_MCP_client_named_by_its_metadata_document_completes_sign_in_without_registering()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = _stack.Gateway };
        var discovery = await http.GetFromJsonAsync<JsonElement>("/.well-known/oauth-authorization-server", Cancel);
        Assert.True(discovery.GetProperty("client_id_metadata_document_supported").GetBoolean());
        var issuer = discovery.GetProperty("issuer").GetString()!;
        var resource = $"{issuer}/servers/cimd-test/mcp";
        var clientId = _documents.Publish("/mcp-client/metadata.json", new Dictionary<string, object?>
        {
            ["client_name"] = "End-to-end MCP client",
            ["redirect_uris"] = new[] { RedirectUri },
            ["grant_types"] = new[] { "authorization_code", "refresh_token" },
            ["response_types"] = new[] { "code" },
            ["token_endpoint_auth_method"] = "none",
        });
        var verifier = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        // The browser: the authorization request, the login page, the form posted back.
        var authorize = QueryHelpers.AddQueryString("/oauth/authorize", new Dictionary<string, string?>
        {
            ["response_type"] = "code", ["client_id"] = clientId, ["redirect_uri"] = RedirectUri, ["scope"] = "openid email",
            ["state"] = "cimd-state", ["code_challenge"] = challenge, ["code_challenge_method"] = "S256", ["resource"] = resource,
        });
        using var page = await http.GetAsync(authorize, Cancel);
        var html = await page.Content.ReadAsStringAsync(Cancel);
        Assert.True(page.StatusCode == HttpStatusCode.OK, html);
        Assert.Contains("End-to-end MCP client", html);
        var form = HiddenField().Matches(html).ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        form["email"] = AdminEmail;
        form["password"] = AdminPassword;
        using var login = await http.PostAsync(WebUtility.HtmlDecode(FormAction().Match(html).Groups[1].Value), new FormUrlEncodedContent(form), Cancel);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var callback = login.Headers.Location!;
        Assert.StartsWith(RedirectUri, callback.OriginalString);
        var parameters = QueryHelpers.ParseQuery(callback.Query);
        Assert.Equal("cimd-state", parameters["state"].ToString());
        Assert.Equal(issuer, parameters["iss"].ToString());

        // The client: the code exchanged with its verifier, as a public client named by its URL.
        using var tokenResponse = await http.PostAsync("/oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = parameters["code"].ToString(), ["code_verifier"] = verifier,
            ["redirect_uri"] = RedirectUri, ["client_id"] = clientId, ["resource"] = resource,
        }), Cancel);
        var tokens = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync(Cancel)).RootElement;
        Assert.True(tokenResponse.IsSuccessStatusCode, tokens.ToString());

        var access = Payload(tokens.GetProperty("access_token").GetString()!);
        var identity = Payload(tokens.GetProperty("id_token").GetString()!);
        Assert.Equal(resource, access.GetProperty("aud").GetString());
        Assert.Equal(clientId, access.GetProperty("client_id").GetString());
        Assert.Equal(AdminEmail, access.GetProperty("sub").GetString());
        Assert.Equal(clientId, identity.GetProperty("aud").GetString());
        Assert.True(tokens.TryGetProperty("refresh_token", out _));
        Assert.Equal(1, _documents.FetchesOf(clientId));
    }

    private static JsonElement Payload(string jwt)
    {
        var payload = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        return JsonDocument.Parse(Convert.FromBase64String(payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '='))).RootElement.Clone();
    }

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]*)">""")]
    private static partial Regex HiddenField();

    [GeneratedRegex("""<form method="post" action="([^"]+)">""")]
    private static partial Regex FormAction();

    public async ValueTask DisposeAsync()
    {
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }
        if (_documents is not null)
        {
            await _documents.DisposeAsync();
        }
        _home.Dispose();
    }
}
