using System.Net;
using McpGateway.Auth.Security;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Auth.Tests.OAuth;

/// <summary>
/// OpenIddict signs and publishes with our persisted keys: a key rotated by one replica is published, then signs, at
/// every replica reading the same table, with no restart, and the retired key stays published for its tokens.
/// </summary>
public sealed class SigningKeyRotationTests(OAuthFixture factory) : IClassFixture<OAuthFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_key_rotated_by_another_replica_is_published_then_signs_OpenIddict_s_tokens_without_a_restart()
    {
        using var flow = new OAuthFlow(factory);
        var client = await flow.RegisterClientAsync("client_secret_basic", ["client_credentials"], redirectUris: []);
        var before = await TokenKidAsync(flow.Machine, client);
        var activeSince = await factory.WithDbAsync(db => db.OAuthSigningKeys.Where(k => k.Kid == before).Select(k => k.ActivatedAt!.Value).SingleAsync(Cancel));

        // Another replica, a day before the active key's period ends, publishes its successor (an hour ahead of use).
        var settings = factory.Services.GetRequiredService<AuthSettings>();
        var dueAt = new DateTimeOffset(activeSince + settings.KeyRotationPeriod - TimeSpan.FromMinutes(30), TimeSpan.Zero);
        await using (var rotating = At(dueAt))
        {
            await rotating.Services.GetRequiredService<SigningKeyStore>().RotateIfDueAsync(Cancel);
            using var publishing = rotating.CreateClient();
            var jwks = await OAuthAssert.JsonAsync(await publishing.GetAsync("/oauth/jwks", Cancel));
            var published = jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()).ToList();
            Assert.Contains(before, published);
            Assert.Equal(2, published.Count);
            // Published, not yet signing.
            Assert.Equal(before, await TokenKidAsync(rotating.CreateClient(), client));
        }

        // Past its activation, any replica signs with the successor, and still publishes the retired key for its tokens.
        await using var later = At(dueAt + TimeSpan.FromMinutes(90));
        using var laterClient = later.CreateClient();
        var after = await TokenKidAsync(laterClient, client);
        var laterJwks = await OAuthAssert.JsonAsync(await laterClient.GetAsync("/oauth/jwks", Cancel));

        Assert.NotEqual(before, after);
        var laterKids = laterJwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()).ToList();
        Assert.Contains(after, laterKids);
        Assert.Contains(before, laterKids);
    }

    /// <summary>Another replica of the service on the same database whose clock reads <paramref name="now"/>.</summary>
    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> At(DateTimeOffset now) =>
        factory.Operator.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(new FixedTime(now))));

    private static async Task<string> TokenKidAsync(HttpClient http, RegisteredClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{client.ClientId}:{client.Secret}")));
        using var response = await http.SendAsync(request, Cancel);
        var tokens = await OAuthAssert.JsonAsync(response, HttpStatusCode.OK);
        return OAuthFlow.Jwt(tokens.GetProperty("access_token").GetString()!).Kid;
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
