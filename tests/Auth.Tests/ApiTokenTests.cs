using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using McpGateway.Auth.Model;
using McpGateway.ServiceDefaults.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

namespace McpGateway.Auth.Tests;

/// <summary>`/tokens`: personal and team API tokens, shown once, stored hashed, revocable at once.</summary>
public abstract partial class AuthServiceTests
{
    [Fact]
    public async Task A_new_API_token_is_shown_once_with_its_metadata_and_carries_only_the_scope_given()
    {
        var user = await factory.CreateUserAsync();
        using var client = factory.CreateClient(await factory.SignInAsync(user.Email, AuthFactory.UserPassword));

        using var response = await client.PostAsJsonAsync("/tokens", new
        {
            name = "ci",
            description = "for the pipeline",
            expires_in_days = 7,
            scope = new { server_id = "srv-1", permissions = new[] { "tools.execute" }, ip_restrictions = new[] { "10.0.0.0/8" } },
            team_id = "team-1",
        }, Cancel);

        var body = await HttpAssert.JsonAsync(response, HttpStatusCode.Created);
        var secret = body.GetProperty("access_token").GetString()!;
        var token = body.GetProperty("token");
        Assert.Equal($"/tokens/{token.GetProperty("id").GetString()}", response.Headers.Location?.OriginalString);
        Assert.Equal("ci", token.GetProperty("name").GetString());
        Assert.Equal("for the pipeline", token.GetProperty("description").GetString());
        Assert.Equal(user.Email, token.GetProperty("user_email").GetString());
        Assert.Equal("team-1", token.GetProperty("team_id").GetString());
        Assert.Equal("srv-1", token.GetProperty("server_id").GetString());
        Assert.Equal(["tools.execute"], token.GetProperty("resource_scopes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["10.0.0.0/8"], token.GetProperty("ip_restrictions").EnumerateArray().Select(e => e.GetString()));
        Assert.True(token.GetProperty("is_active").GetBoolean());
        var expiresAt = token.GetProperty("expires_at").GetDateTime();
        Assert.InRange(expiresAt, DateTime.UtcNow.AddDays(7).AddMinutes(-5), DateTime.UtcNow.AddDays(7).AddMinutes(5));

        var jwt = new JsonWebToken(secret);
        Assert.Equal(user.Email, jwt.Subject);
        Assert.Equal("api", jwt.GetClaim("token_use").Value);
        Assert.Equal("team-1", jwt.GetClaim("team_id").Value);
        Assert.Equal("srv-1", jwt.GetClaim("server_id").Value);
        Assert.Equal(["tools.execute"], jwt.GetPayloadValue<string[]>("permissions"));
        Assert.Equal(["10.0.0.0/8"], jwt.GetPayloadValue<string[]>("ip_restrictions"));

        var stored = await factory.WithDbAsync(db => db.ApiTokens.AsNoTracking().SingleAsync(t => t.Jti == jwt.Id, Cancel));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret))), stored.TokenHash);
        Assert.DoesNotContain(secret, JsonSerializer.Serialize(stored));
    }

    [Fact]
    public async Task An_unscoped_API_token_has_no_scope_claims_and_lives_30_days()
    {
        var user = await factory.CreateUserAsync();
        using var client = factory.CreateClient(await factory.SignInAsync(user.Email, AuthFactory.UserPassword));

        var body = await HttpAssert.JsonAsync(await client.PostAsJsonAsync("/tokens", new { name = "plain" }, Cancel), HttpStatusCode.Created);

        var jwt = new JsonWebToken(body.GetProperty("access_token").GetString());
        foreach (var claim in new[] { "team_id", "server_id", "permissions", "ip_restrictions", "is_admin" })
        {
            Assert.False(jwt.TryGetClaim(claim, out _), claim);
        }
        Assert.InRange(jwt.ValidTo, DateTime.UtcNow.AddDays(30).AddMinutes(-5), DateTime.UtcNow.AddDays(30).AddMinutes(5));
    }

    [Fact]
    public async Task An_API_token_works_as_a_bearer_token_until_it_is_revoked_and_then_at_once_no_more()
    {
        var user = await factory.CreateUserAsync();
        using var owner = factory.CreateClient(await factory.SignInAsync(user.Email, AuthFactory.UserPassword));
        var created = await HttpAssert.JsonAsync(await owner.PostAsJsonAsync("/tokens", new { name = "revocable" }, Cancel), HttpStatusCode.Created);
        var id = created.GetProperty("token").GetProperty("id").GetString();
        using var withToken = factory.CreateClient(created.GetProperty("access_token").GetString()!);

        var me = await HttpAssert.JsonAsync(await withToken.GetAsync("/auth/email/me", Cancel));
        Assert.Equal(user.Email, me.GetProperty("email").GetString());

        using var revoke = await owner.DeleteAsync($"/tokens/{id}", Cancel);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);

        using var after = await withToken.GetAsync("/auth/email/me", Cancel);
        Assert.Contains("revoked", (await HttpAssert.ProblemAsync(after, HttpStatusCode.Unauthorized)).Detail());
        Assert.Contains("Bearer", after.Headers.WwwAuthenticate.Select(h => h.Scheme));

        var jti = new JsonWebToken(created.GetProperty("access_token").GetString()).Id;
        var (revocation, outbox) = await factory.WithDbAsync(async db => (
            await db.TokenRevocations.AsNoTracking().SingleAsync(r => r.Jti == jti, Cancel),
            await db.Set<ServiceDefaults.Messaging.OutboxMessage>().AsNoTracking().SingleAsync(m => m.Payload.Contains(jti), Cancel)));
        Assert.Equal(user.Email, revocation.RevokedBy);
        Assert.NotNull(revocation.ExpiresAt);
        Assert.Equal("McpGateway.Contracts.TokenRevoked", outbox.Type);
        var token = await HttpAssert.JsonAsync(await owner.GetAsync($"/tokens/{id}", Cancel));
        Assert.False(token.GetProperty("is_active").GetBoolean());
        Assert.True(token.GetProperty("is_revoked").GetBoolean());
    }

    [Fact]
    public async Task A_restarted_service_still_refuses_a_revoked_token()
    {
        var user = await factory.CreateUserAsync();
        using var owner = factory.CreateClient(await factory.SignInAsync(user.Email, AuthFactory.UserPassword));
        var created = await HttpAssert.JsonAsync(await owner.PostAsJsonAsync("/tokens", new { name = "before-restart" }, Cancel), HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/tokens/{created.GetProperty("token").GetProperty("id").GetString()}", Cancel)).StatusCode);

        await using var restarted = factory.WithSettings();
        using var client = restarted.CreateClient(); // starts the host, which loads the deny-list before serving

        var jti = new JsonWebToken(created.GetProperty("access_token").GetString()).Id;
        Assert.True(restarted.Services.GetRequiredService<TokenDenyList>().IsRevoked(jti));
    }

    [Fact]
    public async Task Token_lists_never_contain_secrets()
    {
        var user = await factory.CreateUserAsync();
        using var client = factory.CreateClient(await factory.SignInAsync(user.Email, AuthFactory.UserPassword));
        var secrets = new List<string>();
        foreach (var name in new[] { "one", "two" })
        {
            var created = await HttpAssert.JsonAsync(await client.PostAsJsonAsync("/tokens", new { name, team_id = "team-secrets" }, Cancel), HttpStatusCode.Created);
            secrets.Add(created.GetProperty("access_token").GetString()!);
        }
        var id = (await HttpAssert.JsonAsync(await client.GetAsync("/tokens", Cancel))).GetProperty("tokens")[0].GetProperty("id").GetString();

        var texts = new List<string>();
        foreach (var path in new[] { "/tokens", "/tokens?include_inactive=true", $"/tokens/{id}", "/tokens/teams/team-secrets" })
        {
            using var response = await client.GetAsync(path, Cancel);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            texts.Add(await response.Content.ReadAsStringAsync(Cancel));
        }
        using (var admin = AdminClient())
        {
            texts.Add(await (await admin.GetAsync($"/tokens/admin/all?user_email={Uri.EscapeDataString(user.Email)}", Cancel)).Content.ReadAsStringAsync(Cancel));
        }

        var list = JsonDocument.Parse(texts[0]).RootElement;
        Assert.Equal(2, list.GetProperty("total").GetInt32());
        Assert.Equal(["two", "one"], list.GetProperty("tokens").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        foreach (var text in texts)
        {
            Assert.DoesNotContain("access_token", text);
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, text);
                Assert.DoesNotContain(secret.Split('.')[2], text); // not even its signature
            }
        }
    }

    [Fact]
    public async Task Another_user_s_token_is_404_as_if_it_did_not_exist()
    {
        var owner = await factory.CreateUserAsync();
        var stranger = await factory.CreateUserAsync();
        using var ownerClient = factory.CreateClient(await factory.SignInAsync(owner.Email, AuthFactory.UserPassword));
        using var strangerClient = factory.CreateClient(await factory.SignInAsync(stranger.Email, AuthFactory.UserPassword));
        var id = (await HttpAssert.JsonAsync(await ownerClient.PostAsJsonAsync("/tokens", new { name = "mine" }, Cancel), HttpStatusCode.Created))
            .GetProperty("token").GetProperty("id").GetString();

        var missing = Guid.NewGuid().ToString("N");
        var notFound = new[]
        {
            await strangerClient.GetAsync($"/tokens/{id}", Cancel),
            await strangerClient.GetAsync($"/tokens/{id}/usage", Cancel),
            await strangerClient.DeleteAsync($"/tokens/{id}", Cancel),
            await strangerClient.GetAsync($"/tokens/{missing}", Cancel),
        };
        var forbidden = new[]
        {
            await strangerClient.GetAsync("/tokens/admin/all", Cancel),
            await strangerClient.DeleteAsync($"/tokens/admin/{id}", Cancel),
        };

        var details = new List<string>();
        foreach (var response in notFound)
        {
            details.Add((await HttpAssert.ProblemAsync(response, HttpStatusCode.NotFound)).Detail().Replace(id!, "ID").Replace(missing, "ID"));
        }
        Assert.Single(details.Distinct()); // someone else's token reads exactly like no token
        foreach (var response in forbidden)
        {
            await HttpAssert.ProblemAsync(response, HttpStatusCode.Forbidden);
        }
        Assert.True((await HttpAssert.JsonAsync(await ownerClient.GetAsync($"/tokens/{id}", Cancel))).GetProperty("is_active").GetBoolean());
    }

    [Fact]
    public async Task A_token_name_is_unique_among_the_owner_s_active_tokens()
    {
        var user = await factory.CreateUserAsync();
        var other = await factory.CreateUserAsync();
        using var client = factory.CreateClient(await factory.SignInAsync(user.Email, AuthFactory.UserPassword));
        using var otherClient = factory.CreateClient(await factory.SignInAsync(other.Email, AuthFactory.UserPassword));

        var first = await HttpAssert.JsonAsync(await client.PostAsJsonAsync("/tokens", new { name = "deploy" }, Cancel), HttpStatusCode.Created);
        await HttpAssert.ProblemAsync(await client.PostAsJsonAsync("/tokens", new { name = "deploy" }, Cancel), HttpStatusCode.Conflict);
        await HttpAssert.JsonAsync(await otherClient.PostAsJsonAsync("/tokens", new { name = "deploy" }, Cancel), HttpStatusCode.Created);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/tokens/{first.GetProperty("token").GetProperty("id").GetString()}", Cancel)).StatusCode);
        await HttpAssert.JsonAsync(await client.PostAsJsonAsync("/tokens", new { name = "deploy" }, Cancel), HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("{}", "name")]
    [InlineData("{\"name\": \"x\", \"expires_in_days\": 366}", "expires_in_days")]
    [InlineData("{\"name\": \"x\", \"expires_in_days\": 0}", "expires_in_days")]
    [InlineData("{\"name\": \"x\", \"scope\": {\"ip_restrictions\": [\"not-an-address\"]}}", "scope.ip_restrictions")]
    [InlineData("{\"name\": \"x\", \"scope\": {\"permissions\": [\"has spaces\"]}}", "scope.permissions")]
    public async Task Creating_a_token_with_bad_input_is_a_400_naming_the_field_and_creates_nothing(string json, string field)
    {
        var user = await factory.CreateUserAsync();
        using var client = factory.CreateClient(await factory.SignInAsync(user.Email, AuthFactory.UserPassword));

        using var response = await client.PostAsync("/tokens", HttpAssert.RawJson(json), Cancel);

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.False(await factory.WithDbAsync(db => db.ApiTokens.AnyAsync(t => t.UserEmail == user.Email, Cancel)));
    }

    [Fact]
    public async Task An_API_token_cannot_create_API_tokens()
    {
        var user = await factory.CreateUserAsync();
        using var owner = factory.CreateClient(await factory.SignInAsync(user.Email, AuthFactory.UserPassword));
        var created = await HttpAssert.JsonAsync(await owner.PostAsJsonAsync("/tokens", new { name = "parent" }, Cancel), HttpStatusCode.Created);
        using var withToken = factory.CreateClient(created.GetProperty("access_token").GetString()!);

        using var response = await withToken.PostAsJsonAsync("/tokens", new { name = "child", expires_in_days = 365 }, Cancel);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Requests_made_with_an_API_token_are_logged_as_its_usage()
    {
        var user = await factory.CreateUserAsync();
        using var owner = factory.CreateClient(await factory.SignInAsync(user.Email, AuthFactory.UserPassword));
        var created = await HttpAssert.JsonAsync(await owner.PostAsJsonAsync("/tokens", new { name = "used" }, Cancel), HttpStatusCode.Created);
        var id = created.GetProperty("token").GetProperty("id").GetString();
        using var withToken = factory.CreateClient(created.GetProperty("access_token").GetString()!);
        withToken.DefaultRequestHeaders.Add("X-Forwarded-For", "192.0.2.44");

        await HttpAssert.JsonAsync(await withToken.GetAsync("/auth/email/me", Cancel));
        await HttpAssert.JsonAsync(await withToken.GetAsync("/auth/email/events?limit=5", Cancel));
        await HttpAssert.ProblemAsync(await withToken.GetAsync("/auth/email/admin/users", Cancel), HttpStatusCode.Forbidden);

        var usage = await HttpAssert.JsonAsync(await owner.GetAsync($"/tokens/{id}/usage", Cancel));
        Assert.Equal(3, usage.GetProperty("total_requests").GetInt32());
        var entries = usage.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(["/auth/email/admin/users", "/auth/email/events", "/auth/email/me"], entries.Select(e => e.GetProperty("endpoint").GetString()));
        Assert.Equal([403, 200, 200], entries.Select(e => e.GetProperty("status_code").GetInt32()));
        Assert.All(entries, e => Assert.Equal("GET", e.GetProperty("method").GetString()));
        Assert.All(entries, e => Assert.Equal("192.0.2.44", e.GetProperty("ip_address").GetString()));
        Assert.NotEqual(JsonValueKind.Null, (await HttpAssert.JsonAsync(await owner.GetAsync($"/tokens/{id}", Cancel))).GetProperty("last_used").ValueKind);
    }

    [Fact]
    public async Task An_API_token_restricted_to_addresses_is_refused_from_elsewhere()
    {
        var user = await factory.CreateUserAsync();
        using var owner = factory.CreateClient(await factory.SignInAsync(user.Email, AuthFactory.UserPassword));
        var created = await HttpAssert.JsonAsync(await owner.PostAsJsonAsync("/tokens",
            new { name = "office-only", scope = new { ip_restrictions = new[] { "198.51.100.0/24" } } }, Cancel), HttpStatusCode.Created);
        var secret = created.GetProperty("access_token").GetString()!;

        using var inside = factory.CreateClient(secret);
        inside.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.9");
        using var outside = factory.CreateClient(secret);
        outside.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.50");

        await HttpAssert.JsonAsync(await inside.GetAsync("/auth/email/me", Cancel));
        await HttpAssert.ProblemAsync(await outside.GetAsync("/auth/email/me", Cancel), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Administrators_list_and_revoke_anyone_s_tokens()
    {
        var user = await factory.CreateUserAsync();
        using var owner = factory.CreateClient(await factory.SignInAsync(user.Email, AuthFactory.UserPassword));
        var created = await HttpAssert.JsonAsync(await owner.PostAsJsonAsync("/tokens", new { name = "watched" }, Cancel), HttpStatusCode.Created);
        var id = created.GetProperty("token").GetProperty("id").GetString();
        using var admin = AdminClient();

        var all = await HttpAssert.JsonAsync(await admin.GetAsync($"/tokens/admin/all?user_email={Uri.EscapeDataString(user.Email)}", Cancel));
        Assert.Equal(id, Assert.Single(all.GetProperty("tokens").EnumerateArray()).GetProperty("id").GetString());

        using var revoke = new HttpRequestMessage(HttpMethod.Delete, $"/tokens/admin/{id}") { Content = JsonContent.Create(new { reason = "left the company" }) };
        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(revoke, Cancel)).StatusCode);

        var token = await HttpAssert.JsonAsync(await owner.GetAsync($"/tokens/{id}", Cancel));
        Assert.True(token.GetProperty("is_revoked").GetBoolean());
        Assert.Equal("left the company", token.GetProperty("revocation_reason").GetString());
        Assert.Equal(AuthFactory.AdminEmail, token.GetProperty("revoked_by").GetString());
        using var withToken = factory.CreateClient(created.GetProperty("access_token").GetString()!);
        await HttpAssert.ProblemAsync(await withToken.GetAsync("/auth/email/me", Cancel), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Team_token_lists_show_a_user_their_own_and_an_administrator_all()
    {
        var team = $"team-{Guid.NewGuid():N}";
        var alice = await factory.CreateUserAsync();
        var bob = await factory.CreateUserAsync();
        using var aliceClient = factory.CreateClient(await factory.SignInAsync(alice.Email, AuthFactory.UserPassword));
        using var bobClient = factory.CreateClient(await factory.SignInAsync(bob.Email, AuthFactory.UserPassword));
        await HttpAssert.JsonAsync(await aliceClient.PostAsJsonAsync("/tokens", new { name = "a", team_id = team }, Cancel), HttpStatusCode.Created);
        await HttpAssert.JsonAsync(await bobClient.PostAsJsonAsync("/tokens", new { name = "b", team_id = team }, Cancel), HttpStatusCode.Created);
        await HttpAssert.JsonAsync(await bobClient.PostAsJsonAsync("/tokens", new { name = "personal" }, Cancel), HttpStatusCode.Created);
        using var admin = AdminClient();

        var alices = await HttpAssert.JsonAsync(await aliceClient.GetAsync($"/tokens/teams/{team}", Cancel));
        var everyone = await HttpAssert.JsonAsync(await admin.GetAsync($"/tokens/teams/{team}", Cancel));

        Assert.Equal(["a"], alices.GetProperty("tokens").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.Equal(["a", "b"], everyone.GetProperty("tokens").EnumerateArray().Select(t => t.GetProperty("name").GetString()).Order());
    }

    [Fact]
    public async Task Deleting_an_account_revokes_its_API_tokens()
    {
        var user = await factory.CreateUserAsync();
        using var owner = factory.CreateClient(await factory.SignInAsync(user.Email, AuthFactory.UserPassword));
        var created = await HttpAssert.JsonAsync(await owner.PostAsJsonAsync("/tokens", new { name = "orphan" }, Cancel), HttpStatusCode.Created);
        using var admin = AdminClient();

        await HttpAssert.JsonAsync(await admin.DeleteAsync($"/auth/email/admin/users/{user.Email}", Cancel));

        var jti = new JsonWebToken(created.GetProperty("access_token").GetString()).Id;
        Assert.True(factory.Services.GetRequiredService<TokenDenyList>().IsRevoked(jti));
        Assert.True(await factory.WithDbAsync(db => db.TokenRevocations.AnyAsync(r => r.Jti == jti && r.Reason == "owner account deleted", Cancel)));
        Assert.Contains(await factory.WithDbAsync(db => db.AuthEvents.Where(e => e.UserEmail == user.Email).Select(e => e.EventType).ToListAsync(Cancel)),
            type => type == AuthEventTypes.AccountDeleted);
    }
}
