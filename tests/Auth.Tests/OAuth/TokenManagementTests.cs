using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using McpGateway.Contracts;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Auth.Tests.OAuth;

/// <summary>UserInfo (OIDC Core §5.3), revocation (RFC 7009) and introspection (RFC 7662).</summary>
public sealed class TokenManagementTests(OAuthFixture factory) : IClassFixture<OAuthFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UserInfo_returns_the_user_s_claims_for_the_scopes_granted()
    {
        using var flow = new OAuthFlow(factory);
        var user = await factory.CreateUserAsync(fullName: "Grace Hopper");
        var (_, all) = await SignInAsync(flow, user.Email, OAuthFlow.AllScopes);
        using var emailFlow = new OAuthFlow(factory);
        var (_, emailOnly) = await SignInAsync(emailFlow, user.Email, "openid email");

        using var full = await flow.UserInfoAsync(all.AccessToken);
        using var narrow = await flow.UserInfoAsync(emailOnly.AccessToken);
        var claims = await OAuthAssert.JsonAsync(full);
        var narrowClaims = await OAuthAssert.JsonAsync(narrow);

        Assert.Equal(user.Email, claims.GetProperty("sub").GetString());
        Assert.Equal(user.Email, claims.GetProperty("email").GetString());
        Assert.False(claims.GetProperty("email_verified").GetBoolean());
        Assert.Equal("Grace Hopper", claims.GetProperty("name").GetString());
        Assert.False(narrowClaims.TryGetProperty("name", out _));
        Assert.Equal(user.Email, narrowClaims.GetProperty("email").GetString());
    }

    [Fact]
    public async Task UserInfo_without_a_valid_token_is_a_401_problem_with_a_Bearer_challenge()
    {
        using var flow = new OAuthFlow(factory);
        using var none = await flow.Machine.GetAsync("/oauth/userinfo", Cancel);
        using var garbage = await flow.UserInfoAsync("not-a-token");

        await OAuthAssert.ProblemAsync(none, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer realm=\"mcpgateway\"", none.Headers.WwwAuthenticate.ToString());
        await OAuthAssert.ProblemAsync(garbage, HttpStatusCode.Unauthorized);
        Assert.Contains("error=\"invalid_token\"", garbage.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task An_access_token_of_the_code_flow_is_accepted_by_the_gateway_API_with_the_claims_every_service_reads()
    {
        using var flow = new OAuthFlow(factory);
        var admin = await factory.Limited.CreateUserAsync(AuthFactory.NewEmail("oauth-admin"), isAdmin: true);
        var (_, tokens) = await SignInAsync(flow, admin.Email, "openid email");
        var jwt = OAuthFlow.Jwt(tokens.AccessToken);

        using var api = factory.Host.CreateClient();
        api.DefaultRequestHeaders.Authorization = new("Bearer", tokens.AccessToken);
        var me = await OAuthAssert.JsonAsync(await api.GetAsync("/auth/email/me", Cancel));
        using var adminOnly = await api.GetAsync("/auth/email/admin/users", Cancel);

        Assert.Equal("at+jwt", jwt.Typ);
        Assert.Equal(admin.Email, jwt.GetPayloadValue<string>("email"));
        Assert.True(jwt.GetPayloadValue<bool>("is_admin"));
        Assert.False(string.IsNullOrEmpty(jwt.Id));
        Assert.Equal(admin.Email, me.GetProperty("email").GetString());
        Assert.Equal(HttpStatusCode.OK, adminOnly.StatusCode);
    }

    [Fact]
    public async Task UserInfo_refuses_an_access_token_meant_for_another_resource()
    {
        using var flow = new OAuthFlow(factory);
        var user = await factory.CreateUserAsync();
        var client = await flow.RegisterClientAsync();
        var pkce = PkcePair.New();
        var code = await flow.SignInForCodeAsync(client, user.Email, AuthFactory.UserPassword, pkce, extra: ("resource", "http://localhost:4444/servers/abc/mcp"));
        var tokens = await flow.ExchangeCodeAsync(client, code, pkce);

        using var userInfo = await flow.UserInfoAsync(tokens.GetProperty("access_token").GetString()!);

        await OAuthAssert.ProblemAsync(userInfo, HttpStatusCode.Unauthorized);
        Assert.Contains("error=\"invalid_token\"", userInfo.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Deactivating_a_user_ends_its_OAuth_grants_and_announces_its_access_tokens_to_every_service()
    {
        using var flow = new OAuthFlow(factory);
        var user = await factory.CreateUserAsync();
        var (client, tokens) = await SignInAsync(flow, user.Email, OAuthFlow.AllScopes);
        var jti = OAuthFlow.Jwt(tokens.AccessToken).Id;
        using (var admin = factory.Limited.CreateBasicClient(AuthFactory.BasicUser, AuthFactory.BasicPassword))
        {
            await OAuthAssert.JsonAsync(await admin.PutAsJsonAsync($"/auth/email/admin/users/{user.Email}", new { is_active = false }, Cancel));
        }

        using var refresh = await flow.RefreshAsync(client, tokens.RefreshToken!);
        using var userInfo = await flow.UserInfoAsync(tokens.AccessToken);

        await OAuthAssert.ErrorAsync(refresh, "invalid_grant");
        Assert.Equal(HttpStatusCode.Unauthorized, userInfo.StatusCode);
        var announced = await factory.WithDbAsync(db => db.Set<ServiceDefaults.Messaging.OutboxMessage>()
            .Where(m => m.Type == typeof(TokenRevoked).FullName).Select(m => m.Payload).ToListAsync(Cancel));
        Assert.Contains(announced, payload => JsonDocument.Parse(payload).RootElement.GetProperty("jti").GetString() == jti);
    }

    [Fact]
    public async Task A_client_credentials_token_is_stored_nowhere_yet_revoking_it_puts_it_on_every_deny_list()
    {
        using var flow = new OAuthFlow(factory);
        var machine = await flow.RegisterClientAsync("client_secret_basic", ["client_credentials"], redirectUris: []);
        var resourceServer = await flow.RegisterClientAsync("client_secret_post", ["client_credentials"], redirectUris: []);
        using var issued = await flow.TokenAsync(machine, ("grant_type", "client_credentials"));
        var token = (await OAuthAssert.JsonAsync(issued)).GetProperty("access_token").GetString()!;
        var jti = OAuthFlow.Jwt(token).Id;

        using var before = await flow.PostFormAsync("/oauth/introspect", resourceServer, ("token", token));
        using var revoke = await flow.PostFormAsync("/oauth/revoke", machine, ("token", token));
        using var after = await flow.PostFormAsync("/oauth/introspect", resourceServer, ("token", token));

        Assert.True((await OAuthAssert.JsonAsync(before)).GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.False((await OAuthAssert.JsonAsync(after)).GetProperty("active").GetBoolean());
        var (entries, announced) = await factory.WithDbAsync(async db => (
            await db.Set<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreToken>().CountAsync(t => t.Id == jti, Cancel),
            await db.Set<ServiceDefaults.Messaging.OutboxMessage>().Where(m => m.Type == typeof(TokenRevoked).FullName).Select(m => m.Payload).ToListAsync(Cancel)));
        Assert.Equal(0, entries);
        Assert.Contains(announced, payload => JsonDocument.Parse(payload).RootElement.GetProperty("jti").GetString() == jti);
    }

    [Fact]
    public async Task A_revoked_access_token_is_refused_by_userinfo_and_inactive_to_introspection_and_announced_to_other_services()
    {
        using var flow = new OAuthFlow(factory);
        var user = await factory.CreateUserAsync();
        var (client, tokens) = await SignInAsync(flow, user.Email, OAuthFlow.AllScopes);
        var resourceServer = await flow.RegisterClientAsync("client_secret_basic", ["client_credentials"], redirectUris: []);
        var jti = OAuthFlow.Jwt(tokens.AccessToken).Id;

        using var before = await flow.PostFormAsync("/oauth/introspect", resourceServer, ("token", tokens.AccessToken));
        using var revoke = await flow.PostFormAsync("/oauth/revoke", client, ("token", tokens.AccessToken), ("token_type_hint", "access_token"));
        using var userInfo = await flow.UserInfoAsync(tokens.AccessToken);
        using var after = await flow.PostFormAsync("/oauth/introspect", resourceServer, ("token", tokens.AccessToken));

        var active = await OAuthAssert.JsonAsync(before);
        Assert.True(active.GetProperty("active").GetBoolean());
        Assert.Equal(user.Email, active.GetProperty("username").GetString());
        Assert.Equal(client.ClientId, active.GetProperty("client_id").GetString());
        Assert.Equal(jti, active.GetProperty("jti").GetString());
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        await OAuthAssert.ProblemAsync(userInfo, HttpStatusCode.Unauthorized);
        Assert.False((await OAuthAssert.JsonAsync(after)).GetProperty("active").GetBoolean());

        var (revocation, announced) = await factory.WithDbAsync(async db => (
            await db.TokenRevocations.SingleOrDefaultAsync(r => r.Jti == jti, Cancel),
            await db.Set<ServiceDefaults.Messaging.OutboxMessage>().Where(m => m.Type == typeof(TokenRevoked).FullName).Select(m => m.Payload).ToListAsync(Cancel)));
        Assert.NotNull(revocation);
        Assert.Contains(announced, payload => JsonDocument.Parse(payload).RootElement.GetProperty("jti").GetString() == jti);
    }

    [Fact]
    public async Task Revoking_a_refresh_token_revokes_its_family_and_the_access_tokens_issued_with_it()
    {
        using var flow = new OAuthFlow(factory);
        var user = await factory.CreateUserAsync();
        var (client, tokens) = await SignInAsync(flow, user.Email, OAuthFlow.AllScopes);

        using var revoke = await flow.PostFormAsync("/oauth/revoke", client, ("token", tokens.RefreshToken!));
        using var refresh = await flow.RefreshAsync(client, tokens.RefreshToken!);
        using var userInfo = await flow.UserInfoAsync(tokens.AccessToken);

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal("invalid_grant", (await OAuthAssert.JsonAsync(refresh, HttpStatusCode.BadRequest)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, userInfo.StatusCode);
    }

    [Fact]
    public async Task Revoking_an_unknown_token_or_another_client_s_token_is_a_quiet_200_that_changes_nothing()
    {
        using var flow = new OAuthFlow(factory);
        var user = await factory.CreateUserAsync();
        var (_, tokens) = await SignInAsync(flow, user.Email, OAuthFlow.AllScopes);
        var other = await flow.RegisterClientAsync();

        using var unknown = await flow.PostFormAsync("/oauth/revoke", other, ("token", "no-such-token"));
        using var foreign = await flow.PostFormAsync("/oauth/revoke", other, ("token", tokens.RefreshToken!));
        using var foreignAccess = await flow.PostFormAsync("/oauth/revoke", other, ("token", tokens.AccessToken));
        using var userInfo = await flow.UserInfoAsync(tokens.AccessToken);

        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.OK, foreignAccess.StatusCode);
        Assert.Equal(HttpStatusCode.OK, userInfo.StatusCode);
    }

    [Fact]
    public async Task Introspection_needs_a_confidential_client_and_reports_refresh_tokens_only_to_their_own_client()
    {
        using var flow = new OAuthFlow(factory);
        var user = await factory.CreateUserAsync();
        var owner = await flow.RegisterClientAsync("client_secret_post");
        var pkce = PkcePair.New();
        var tokens = await flow.ExchangeCodeAsync(owner, await flow.SignInForCodeAsync(owner, user.Email, AuthFactory.UserPassword, pkce), pkce);
        var refreshToken = tokens.GetProperty("refresh_token").GetString()!;
        var resourceServer = await flow.RegisterClientAsync("client_secret_basic", ["client_credentials"], redirectUris: []);
        var publicClient = await flow.RegisterClientAsync();

        using var asOwner = await flow.PostFormAsync("/oauth/introspect", owner, ("token", refreshToken));
        using var asOther = await flow.PostFormAsync("/oauth/introspect", resourceServer, ("token", refreshToken));
        using var asPublic = await flow.PostFormAsync("/oauth/introspect", publicClient, ("token", refreshToken));
        using var garbage = await flow.PostFormAsync("/oauth/introspect", resourceServer, ("token", "eyJhbGciOiJub25lIn0.e30."));

        var ownerView = await OAuthAssert.JsonAsync(asOwner);
        Assert.True(ownerView.GetProperty("active").GetBoolean());
        Assert.Equal(OAuthFlow.AllScopes, ownerView.GetProperty("scope").GetString());
        Assert.False((await OAuthAssert.JsonAsync(asOther)).GetProperty("active").GetBoolean());
        Assert.Equal("invalid_client", (await OAuthAssert.JsonAsync(asPublic, HttpStatusCode.Unauthorized)).GetProperty("error").GetString());
        var inactive = await OAuthAssert.JsonAsync(garbage);
        Assert.Equal(["active"], inactive.EnumerateObject().Select(p => p.Name));
    }

    private static async Task<(RegisteredClient Client, (string AccessToken, string? RefreshToken) Tokens)> SignInAsync(OAuthFlow flow, string email, string scope)
    {
        var client = await flow.RegisterClientAsync();
        var pkce = PkcePair.New();
        var tokens = await flow.ExchangeCodeAsync(client, await flow.SignInForCodeAsync(client, email, AuthFactory.UserPassword, pkce, scope), pkce);
        return (client, (tokens.GetProperty("access_token").GetString()!,
            tokens.TryGetProperty("refresh_token", out var refresh) ? refresh.GetString() : null));
    }
}
