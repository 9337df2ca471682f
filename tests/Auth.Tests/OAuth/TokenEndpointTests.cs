using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;

namespace McpGateway.Auth.Tests.OAuth;

/// <summary>
/// The token endpoint: code redemption with PKCE, refresh token rotation and reuse detection, client credentials,
/// client authentication, and RFC 6749 §5.2 errors.
/// </summary>
public sealed class TokenEndpointTests(OAuthFixture factory) : IClassFixture<OAuthFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_code_with_the_right_verifier_yields_access_id_and_refresh_tokens()
    {
        using var flow = new OAuthFlow(factory);
        var client = await flow.RegisterClientAsync();
        var user = await factory.CreateUserAsync(fullName: "Ada Lovelace");
        var pkce = PkcePair.New();
        var code = await flow.SignInForCodeAsync(client, user.Email, AuthFactory.UserPassword, pkce, extra: ("nonce", "nonce-42"));

        using var response = await flow.TokenAsync(client, ("grant_type", "authorization_code"), ("code", code), ("code_verifier", pkce.Verifier),
            ("redirect_uri", client.RedirectUri));
        var tokens = await OAuthAssert.JsonAsync(response);

        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("Bearer", tokens.GetProperty("token_type").GetString());
        Assert.Equal(3600, tokens.GetProperty("expires_in").GetInt32());
        Assert.Equal(OAuthFlow.AllScopes, tokens.GetProperty("scope").GetString());
        Assert.Equal(43, tokens.GetProperty("refresh_token").GetString()!.Length);

        var access = OAuthFlow.Jwt(tokens.GetProperty("access_token").GetString()!);
        Assert.Equal("at+jwt", access.Typ);
        Assert.Equal(user.Email, access.Subject);
        Assert.Equal(["mcpgateway-api"], access.Audiences);
        Assert.Equal(client.ClientId, access.GetPayloadValue<string>("client_id"));

        var idToken = OAuthFlow.Jwt(tokens.GetProperty("id_token").GetString()!);
        Assert.Equal("http://localhost:4444", idToken.Issuer);
        Assert.Equal([client.ClientId], idToken.Audiences);
        Assert.Equal(user.Email, idToken.Subject);
        Assert.Equal("nonce-42", idToken.GetPayloadValue<string>("nonce"));
        Assert.Equal("Ada Lovelace", idToken.GetPayloadValue<string>("name"));
        Assert.InRange(idToken.GetPayloadValue<long>("auth_time"), DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task A_wrong_code_verifier_is_invalid_grant()
    {
        using var flow = new OAuthFlow(factory);
        var client = await flow.RegisterClientAsync();
        var user = await factory.CreateUserAsync();
        var code = await flow.SignInForCodeAsync(client, user.Email, AuthFactory.UserPassword, PkcePair.New());

        using var response = await flow.TokenAsync(client, ("grant_type", "authorization_code"), ("code", code), ("code_verifier", PkcePair.New().Verifier),
            ("redirect_uri", client.RedirectUri));

        await OAuthAssert.ErrorAsync(response, "invalid_grant");
    }

    [Fact]
    public async Task A_missing_code_verifier_is_invalid_request()
    {
        using var flow = new OAuthFlow(factory);
        var client = await flow.RegisterClientAsync();
        var user = await factory.CreateUserAsync();
        var code = await flow.SignInForCodeAsync(client, user.Email, AuthFactory.UserPassword, PkcePair.New());

        using var response = await flow.TokenAsync(client, ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", client.RedirectUri));

        await OAuthAssert.ErrorAsync(response, "invalid_request");
    }

    [Fact]
    public async Task A_redirect_uri_other_than_the_authorization_request_s_is_invalid_grant()
    {
        using var flow = new OAuthFlow(factory);
        var client = await flow.RegisterClientAsync(redirectUris: [OAuthFlow.RedirectUri, "http://localhost:7777/other"]);
        var user = await factory.CreateUserAsync();
        var pkce = PkcePair.New();
        var code = await flow.SignInForCodeAsync(client, user.Email, AuthFactory.UserPassword, pkce);

        using var response = await flow.TokenAsync(client, ("grant_type", "authorization_code"), ("code", code), ("code_verifier", pkce.Verifier),
            ("redirect_uri", "http://localhost:7777/other"));

        await OAuthAssert.ErrorAsync(response, "invalid_grant");
    }

    [Fact]
    public async Task A_reused_code_is_invalid_grant_and_revokes_the_refresh_and_access_tokens_issued_from_it()
    {
        using var flow = new OAuthFlow(factory);
        var client = await flow.RegisterClientAsync();
        var user = await factory.CreateUserAsync();
        var pkce = PkcePair.New();
        var code = await flow.SignInForCodeAsync(client, user.Email, AuthFactory.UserPassword, pkce);
        var first = await flow.ExchangeCodeAsync(client, code, pkce);

        using var replay = await flow.TokenAsync(client, ("grant_type", "authorization_code"), ("code", code), ("code_verifier", pkce.Verifier),
            ("redirect_uri", client.RedirectUri));
        using var refresh = await flow.RefreshAsync(client, first.GetProperty("refresh_token").GetString()!);
        using var userInfo = await flow.UserInfoAsync(first.GetProperty("access_token").GetString()!);

        await OAuthAssert.ErrorAsync(replay, "invalid_grant");
        await OAuthAssert.ErrorAsync(refresh, "invalid_grant");
        Assert.Equal(HttpStatusCode.Unauthorized, userInfo.StatusCode);
    }

    [Fact]
    public async Task Refreshing_rotates_the_token_and_reusing_a_rotated_one_revokes_the_whole_family()
    {
        using var flow = new OAuthFlow(factory);
        var client = await flow.RegisterClientAsync();
        var user = await factory.CreateUserAsync();
        var pkce = PkcePair.New();
        var tokens = await flow.ExchangeCodeAsync(client, await flow.SignInForCodeAsync(client, user.Email, AuthFactory.UserPassword, pkce), pkce);
        var original = tokens.GetProperty("refresh_token").GetString()!;

        using var rotated = await flow.RefreshAsync(client, original);
        var second = await OAuthAssert.JsonAsync(rotated);
        var newest = second.GetProperty("refresh_token").GetString()!;
        Assert.NotEqual(original, newest);
        Assert.False(string.IsNullOrEmpty(second.GetProperty("id_token").GetString()));

        using var reuse = await flow.RefreshAsync(client, original);
        using var newestAfterReuse = await flow.RefreshAsync(client, newest);
        using var userInfo = await flow.UserInfoAsync(second.GetProperty("access_token").GetString()!);

        await OAuthAssert.ErrorAsync(reuse, "invalid_grant");
        await OAuthAssert.ErrorAsync(newestAfterReuse, "invalid_grant");
        Assert.Equal(HttpStatusCode.Unauthorized, userInfo.StatusCode);
    }

    [Fact]
    public async Task A_refresh_may_narrow_the_scope_but_never_widen_it()
    {
        using var flow = new OAuthFlow(factory);
        var client = await flow.RegisterClientAsync();
        var user = await factory.CreateUserAsync();
        var pkce = PkcePair.New();
        var tokens = await flow.ExchangeCodeAsync(client, await flow.SignInForCodeAsync(client, user.Email, AuthFactory.UserPassword, pkce, "openid email"), pkce);

        using var wider = await flow.RefreshAsync(client, tokens.GetProperty("refresh_token").GetString()!, ("scope", "openid email profile"));
        using var narrower = await flow.RefreshAsync(client, tokens.GetProperty("refresh_token").GetString()!, ("scope", "email"));
        var narrowed = await OAuthAssert.JsonAsync(narrower);

        await OAuthAssert.ErrorAsync(wider, "invalid_scope");
        Assert.Equal("email", narrowed.GetProperty("scope").GetString());
        Assert.Equal("email", OAuthFlow.Jwt(narrowed.GetProperty("access_token").GetString()!).GetPayloadValue<string>("scope"));
        Assert.False(narrowed.TryGetProperty("id_token", out _));
        // The rotated refresh token keeps the original grant.
        using var again = await flow.RefreshAsync(client, narrowed.GetProperty("refresh_token").GetString()!);
        Assert.Equal("openid email", (await OAuthAssert.JsonAsync(again)).GetProperty("scope").GetString());
    }

    [Fact]
    public async Task The_resource_parameter_becomes_the_access_token_s_audience()
    {
        const string resource = "http://localhost:4444/servers/abc/mcp";
        using var flow = new OAuthFlow(factory);
        var client = await flow.RegisterClientAsync();
        var user = await factory.CreateUserAsync();
        var pkce = PkcePair.New();
        var code = await flow.SignInForCodeAsync(client, user.Email, AuthFactory.UserPassword, pkce, extra: ("resource", resource));

        var tokens = await flow.ExchangeCodeAsync(client, code, pkce);
        using var refreshed = await flow.RefreshAsync(client, tokens.GetProperty("refresh_token").GetString()!);

        Assert.Equal([resource], OAuthFlow.Jwt(tokens.GetProperty("access_token").GetString()!).Audiences);
        Assert.Equal([resource], OAuthFlow.Jwt((await OAuthAssert.JsonAsync(refreshed)).GetProperty("access_token").GetString()!).Audiences);
        // The id_token is still for the client.
        Assert.Equal([client.ClientId], OAuthFlow.Jwt(tokens.GetProperty("id_token").GetString()!).Audiences);
    }

    [Fact]
    public async Task Without_offline_access_or_the_refresh_token_grant_no_refresh_token_is_issued()
    {
        using var flow = new OAuthFlow(factory);
        var client = await flow.RegisterClientAsync(grantTypes: ["authorization_code"]);
        var user = await factory.CreateUserAsync();
        var pkce = PkcePair.New();

        var tokens = await flow.ExchangeCodeAsync(client, await flow.SignInForCodeAsync(client, user.Email, AuthFactory.UserPassword, pkce, "openid"), pkce);

        Assert.False(tokens.TryGetProperty("refresh_token", out _));
    }

    [Fact]
    public async Task Client_credentials_for_a_confidential_client_makes_the_client_the_subject()
    {
        const string resource = "https://mcp.example/servers/7/mcp";
        using var flow = new OAuthFlow(factory);
        var basic = await flow.RegisterClientAsync("client_secret_basic", ["client_credentials"], redirectUris: []);
        var post = await flow.RegisterClientAsync("client_secret_post", ["client_credentials"], redirectUris: []);

        using var viaBasic = await flow.TokenAsync(basic, ("grant_type", "client_credentials"), ("resource", resource));
        using var viaPost = await flow.TokenAsync(post, ("grant_type", "client_credentials"), ("scope", "openid"));
        var basicToken = OAuthFlow.Jwt((await OAuthAssert.JsonAsync(viaBasic)).GetProperty("access_token").GetString()!);
        var postTokens = await OAuthAssert.JsonAsync(viaPost);

        Assert.Equal(basic.ClientId, basicToken.Subject);
        Assert.Equal([resource], basicToken.Audiences);
        Assert.False(postTokens.TryGetProperty("refresh_token", out _));
        Assert.False(postTokens.TryGetProperty("scope", out _), $"openid means nothing without a user and is not granted: {postTokens}");
    }

    [Fact]
    public async Task Client_credentials_for_a_public_client_is_unauthorized_client()
    {
        using var flow = new OAuthFlow(factory);
        var client = await flow.RegisterClientAsync();

        using var response = await flow.TokenAsync(client, ("grant_type", "client_credentials"));

        await OAuthAssert.ErrorAsync(response, "unauthorized_client");
    }

    [Fact]
    public async Task A_wrong_secret_over_Basic_is_invalid_client_with_a_Basic_challenge()
    {
        using var flow = new OAuthFlow(factory);
        var client = await flow.RegisterClientAsync("client_secret_basic", ["client_credentials"], redirectUris: []);

        using var response = await flow.TokenAsync(client with { Secret = "wrong" }, ("grant_type", "client_credentials"));

        await OAuthAssert.ErrorAsync(response, "invalid_client", HttpStatusCode.Unauthorized);
        Assert.StartsWith("Basic realm=", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task A_confidential_client_using_a_method_it_did_not_register_is_invalid_client()
    {
        using var flow = new OAuthFlow(factory);
        var client = await flow.RegisterClientAsync("client_secret_basic", ["client_credentials"], redirectUris: []);

        using var response = await flow.TokenAsync(client with { AuthMethod = "client_secret_post" }, ("grant_type", "client_credentials"));
        using var asPublic = await flow.TokenAsync(client with { AuthMethod = "none" }, ("grant_type", "client_credentials"));

        await OAuthAssert.ErrorAsync(response, "invalid_client", HttpStatusCode.Unauthorized);
        await OAuthAssert.ErrorAsync(asPublic, "invalid_client", HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Unknown_grant_types_and_bodies_that_are_not_forms_are_refused_in_RFC_6749_form()
    {
        using var flow = new OAuthFlow(factory);
        var client = await flow.RegisterClientAsync("client_secret_post", ["client_credentials"], redirectUris: []);

        using var unknown = await flow.TokenAsync(client, ("grant_type", "password"), ("username", "a"), ("password", "b"));
        using var json = await flow.Machine.PostAsJsonAsync("/oauth/token", new { grant_type = "client_credentials", client_id = client.ClientId }, Cancel);
        using var noGrant = await flow.TokenAsync(client);
        using var repeated = await flow.Machine.PostAsync("/oauth/token", new StringContent(
            $"grant_type=client_credentials&grant_type=client_credentials&client_id={client.ClientId}&client_secret={client.Secret}",
            System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"), Cancel);

        await OAuthAssert.ErrorAsync(unknown, "unsupported_grant_type");
        await OAuthAssert.ErrorAsync(json, "invalid_request");
        await OAuthAssert.ErrorAsync(noGrant, "invalid_request");
        await OAuthAssert.ErrorAsync(repeated, "invalid_request");
    }

    [Fact]
    public async Task Codes_refresh_tokens_and_client_secrets_are_stored_only_as_hashes()
    {
        using var flow = new OAuthFlow(factory);
        var confidential = await flow.RegisterClientAsync("client_secret_basic", ["client_credentials"], redirectUris: []);
        var client = await flow.RegisterClientAsync();
        var user = await factory.CreateUserAsync();
        var pkce = PkcePair.New();
        var code = await flow.SignInForCodeAsync(client, user.Email, AuthFactory.UserPassword, pkce);
        var refreshToken = (await flow.ExchangeCodeAsync(client, code, pkce)).GetProperty("refresh_token").GetString()!;

        var stored = await factory.WithDbAsync(async db => (
            Secret: (await db.Set<OpenIddictEntityFrameworkCoreApplication>().SingleAsync(a => a.ClientId == confidential.ClientId, Cancel)).ClientSecret,
            References: await db.Set<OpenIddictEntityFrameworkCoreToken>()
                .Where(t => t.Application!.ClientId == client.ClientId && t.ReferenceId != null)
                .Select(t => new { t.Type, t.ReferenceId, t.Payload })
                .ToListAsync(Cancel)));

        Assert.DoesNotContain(confidential.Secret!, stored.Secret);
        Assert.DoesNotContain(stored.References, r => r.ReferenceId == code || r.ReferenceId == refreshToken);
        Assert.DoesNotContain(stored.References, r => r.Payload != null && (r.Payload.Contains(code) || r.Payload.Contains(refreshToken)));
        Assert.Single(stored.References, r => r.Type == OpenIddictConstants.TokenTypeIdentifiers.Private.AuthorizationCode);
        Assert.Single(stored.References, r => r.Type == OpenIddictConstants.TokenTypeIdentifiers.RefreshToken);
    }
}
