using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using McpGateway.Auth.OAuth;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace McpGateway.Auth.Tests.OAuth;

/// <summary>A client registered through `POST /oauth/register`.</summary>
public sealed record RegisteredClient(string ClientId, string? Secret, string AuthMethod, string RedirectUri);

/// <summary>A PKCE pair (RFC 7636).</summary>
public sealed record PkcePair(string Verifier, string Challenge)
{
    public static PkcePair New()
    {
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        return new PkcePair(verifier, Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }
}

/// <summary>
/// Drives the provider as a relying party and a browser would: a cookie-keeping browser that does not follow redirects
/// (so each Location can be checked), and plain machine calls to the token endpoints.
/// </summary>
public sealed partial class OAuthFlow(OAuthFixture fixture) : IDisposable
{
    public const string RedirectUri = "http://127.0.0.1:7777/callback";
    public const string AllScopes = "openid profile email offline_access";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public HttpClient Browser { get; } = fixture.Host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
    public HttpClient Machine { get; } = fixture.Host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    /// <summary>The same service, configured with a registration token: where clients that may use client_credentials are registered.</summary>
    public HttpClient Operator { get; } = fixture.Operator.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    public async Task<HttpResponseMessage> RegisterAsync(object metadata) => await Machine.PostAsJsonAsync("/oauth/register", metadata, Cancel);

    /// <summary>Registers with the initial access token (OAUTH_REGISTRATION_TOKEN), as only an operator can.</summary>
    public async Task<HttpResponseMessage> RegisterAsOperatorAsync(object metadata)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/register") { Content = JsonContent.Create(metadata) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", OAuthFixture.RegistrationToken);
        return await Operator.SendAsync(request, Cancel);
    }

    public async Task<RegisteredClient> RegisterClientAsync(string authMethod = "none", string[]? grantTypes = null, string[]? redirectUris = null,
        string[]? postLogoutRedirectUris = null, string? scope = null)
    {
        redirectUris ??= [RedirectUri];
        grantTypes ??= ["authorization_code", "refresh_token"];
        // Anonymous registration never yields client_credentials: such clients are the operator's to register.
        Func<object, Task<HttpResponseMessage>> register = grantTypes.Contains("client_credentials") ? RegisterAsOperatorAsync : RegisterAsync;
        using var response = await register(new Dictionary<string, object?>
        {
            ["client_name"] = "Test client",
            ["redirect_uris"] = redirectUris,
            ["token_endpoint_auth_method"] = authMethod,
            ["grant_types"] = grantTypes,
            ["post_logout_redirect_uris"] = postLogoutRedirectUris,
            ["scope"] = scope,
        }.Where(p => p.Value is not null).ToDictionary());
        var body = await OAuthAssert.JsonAsync(response, HttpStatusCode.Created);
        return new RegisteredClient(body.GetProperty("client_id").GetString()!,
            body.TryGetProperty("client_secret", out var secret) ? secret.GetString() : null, authMethod, redirectUris.FirstOrDefault() ?? "");
    }

    public static string AuthorizeUrl(string clientId, PkcePair? pkce, string? redirectUri = RedirectUri, string? scope = AllScopes,
        params (string Name, string Value)[] extra)
    {
        var parameters = new List<KeyValuePair<string, string?>>
        {
            new("response_type", "code"),
            new("client_id", clientId),
            new("state", "state-123"),
        };
        if (redirectUri is not null)
        {
            parameters.Add(new("redirect_uri", redirectUri));
        }
        if (scope is not null)
        {
            parameters.Add(new("scope", scope));
        }
        if (pkce is not null)
        {
            parameters.Add(new("code_challenge", pkce.Challenge));
            parameters.Add(new("code_challenge_method", "S256"));
        }
        parameters.AddRange(extra.Select(p => new KeyValuePair<string, string?>(p.Name, p.Value)));
        return QueryHelpers.AddQueryString("/oauth/authorize", parameters);
    }

    public Task<HttpResponseMessage> GetAsync(string url) => Browser.GetAsync(url, Cancel);

    /// <summary>Fills in and posts the form of a login page, as a browser does.</summary>
    public async Task<HttpResponseMessage> SubmitLoginAsync(HttpResponseMessage loginPage, string email, string password, bool withCsrf = true)
    {
        var html = await loginPage.Content.ReadAsStringAsync(Cancel);
        var fields = HiddenFields(html);
        Assert.True(fields.ContainsKey("client_id") && fields.ContainsKey(LoginFormProtection.FieldName), $"not a login page: {html}");
        if (!withCsrf)
        {
            fields.Remove(LoginFormProtection.FieldName);
        }
        fields["email"] = email;
        fields["password"] = password;
        return await Browser.PostAsync(FormAction(html), new FormUrlEncodedContent(fields), Cancel);
    }

    /// <summary>Posts the consent page's form with one of its buttons (`allow`, `deny`, `switch`).</summary>
    public async Task<HttpResponseMessage> SubmitConsentAsync(HttpResponseMessage consentPage, string decision)
    {
        var html = await consentPage.Content.ReadAsStringAsync(Cancel);
        var fields = HiddenFields(html);
        fields["decision"] = decision;
        return await Browser.PostAsync(FormAction(html), new FormUrlEncodedContent(fields), Cancel);
    }

    /// <summary>Authorize, sign in on the login page, and return the code from the redirect back to the client.</summary>
    public async Task<string> SignInForCodeAsync(RegisteredClient client, string email, string password, PkcePair pkce, string? scope = AllScopes,
        params (string Name, string Value)[] extra)
    {
        using var page = await GetAsync(AuthorizeUrl(client.ClientId, pkce, client.RedirectUri, scope, extra));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        using var redirect = await SubmitLoginAsync(page, email, password);
        var parameters = RedirectParameters(redirect, client.RedirectUri);
        Assert.True(parameters.ContainsKey("code"), $"no code in {redirect.Headers.Location}");
        return parameters["code"];
    }

    public Task<HttpResponseMessage> TokenAsync(RegisteredClient client, params (string Name, string Value)[] parameters)
    {
        var form = parameters.ToDictionary(p => p.Name, p => p.Value);
        var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token");
        Authenticate(request, form, client);
        request.Content = new FormUrlEncodedContent(form);
        return SendAsync(request);
    }

    public Task<HttpResponseMessage> PostFormAsync(string path, RegisteredClient client, params (string Name, string Value)[] parameters)
    {
        var form = parameters.ToDictionary(p => p.Name, p => p.Value);
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        Authenticate(request, form, client);
        request.Content = new FormUrlEncodedContent(form);
        return SendAsync(request);
    }

    public async Task<JsonElement> ExchangeCodeAsync(RegisteredClient client, string code, PkcePair pkce)
    {
        using var response = await TokenAsync(client, ("grant_type", "authorization_code"), ("code", code), ("code_verifier", pkce.Verifier),
            ("redirect_uri", client.RedirectUri));
        return await OAuthAssert.JsonAsync(response);
    }

    public Task<HttpResponseMessage> RefreshAsync(RegisteredClient client, string refreshToken, params (string Name, string Value)[] extra) =>
        TokenAsync(client, [("grant_type", "refresh_token"), ("refresh_token", refreshToken), .. extra]);

    public async Task<HttpResponseMessage> UserInfoAsync(string accessToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/oauth/userinfo");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await SendAsync(request);
    }

    /// <summary>The query parameters of a redirect to <paramref name="expectedTarget"/> (checked to be exactly that address).</summary>
    public static Dictionary<string, string> RedirectParameters(HttpResponseMessage response, string expectedTarget = RedirectUri)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"expected a redirect, got {(int)response.StatusCode}");
        var location = response.Headers.Location!.OriginalString;
        var split = location.IndexOf('?', StringComparison.Ordinal);
        Assert.Equal(expectedTarget, split < 0 ? location : location[..split]);
        return QueryHelpers.ParseQuery(split < 0 ? "" : location[split..]).ToDictionary(p => p.Key, p => p.Value.ToString());
    }

    public static JsonWebToken Jwt(string token) => new(token);

    private static void Authenticate(HttpRequestMessage request, Dictionary<string, string> form, RegisteredClient client)
    {
        switch (client.AuthMethod)
        {
            case "client_secret_basic":
                var credentials = $"{Uri.EscapeDataString(client.ClientId)}:{Uri.EscapeDataString(client.Secret!)}";
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
                break;
            case "client_secret_post":
                form.TryAdd("client_id", client.ClientId);
                form.TryAdd("client_secret", client.Secret!);
                break;
            default:
                form.TryAdd("client_id", client.ClientId);
                break;
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            return await Machine.SendAsync(request, Cancel);
        }
    }

    public static Dictionary<string, string> HiddenFields(string html) =>
        HiddenField().Matches(html).ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value));

    private static string FormAction(string html) => WebUtility.HtmlDecode(FormActionAttribute().Match(html).Groups[1].Value);

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]*)">""")]
    private static partial Regex HiddenField();

    [GeneratedRegex("""<form method="post" action="([^"]+)">""")]
    private static partial Regex FormActionAttribute();

    public void Dispose()
    {
        Browser.Dispose();
        Machine.Dispose();
        Operator.Dispose();
    }
}
