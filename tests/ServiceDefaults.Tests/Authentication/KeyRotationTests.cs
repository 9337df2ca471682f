using System.Net;
using Microsoft.IdentityModel.Tokens;
using static McpGateway.ServiceDefaults.Tests.Authentication.AuthenticationAssert;

namespace McpGateway.ServiceDefaults.Tests.Authentication;

/// <summary>How often the auth service is asked for keys: once, until a token needs a key it has not seen.</summary>
public sealed class KeyRotationTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_hundred_validations_fetch_discovery_and_keys_once_through_the_internal_address()
    {
        var rsa = TestSigningKey.Rsa("rsa-1");
        var ec = TestSigningKey.EcP256("ec-1");
        await using var auth = await FakeAuthServer.StartAsync(ProtectedApp.Issuer, rsa, ec);
        await using var app = await ProtectedApp.StartAsync(auth);

        // Twenty at a time from a cold start: concurrent first requests must share one fetch.
        var statuses = new List<HttpStatusCode>();
        for (var batch = 0; batch < 10; batch++)
        {
            var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
            {
                using var response = await app.GetAsync("/whoami", (i % 2 == 0 ? rsa : ec).Sign(new TokenSpec()));
                return response.StatusCode;
            }));
            statuses.AddRange(responses);
        }

        Assert.Equal(200, statuses.Count(s => s == HttpStatusCode.OK));
        // The discovery document's jwks_uri names http://public.invalid/...: the keys came from the internal address.
        Assert.Equal((1, 1), (auth.DiscoveryRequests, auth.JwksRequests));
    }

    [Fact]
    public async Task Tokens_signed_by_keys_published_after_the_first_fetch_are_accepted_without_a_restart()
    {
        var original = TestSigningKey.Rsa("2025-01");
        await using var auth = await FakeAuthServer.StartAsync(ProtectedApp.Issuer, original);
        await using var app = await ProtectedApp.StartAsync(auth, ("JWKS_REFRESH_INTERVAL_SECONDS", "1"));
        using (var first = await app.GetAsync("/whoami", original.Sign(new TokenSpec())))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        // Twice: the configuration manager treats its first forced refresh differently from later ones.
        foreach (var successor in new[] { TestSigningKey.EcP256("2025-02"), TestSigningKey.Rsa("2025-03", SecurityAlgorithms.RsaSsaPssSha256) })
        {
            auth.Publish(successor);
            await AssertAcceptedSoonAsync(app, successor.Sign(new TokenSpec { Subject = $"{successor.Kid}@example.com" }), $"{successor.Kid}@example.com");
        }

        using var old = await app.GetAsync("/whoami", original.Sign(new TokenSpec()));
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        // Each refresh reads discovery and then the keys; the first fetch plus at least one per rotation.
        Assert.Equal(auth.DiscoveryRequests, auth.JwksRequests);
        Assert.InRange(auth.JwksRequests, 3, 30);
    }

    /// <summary>
    /// Refused at most until the keys are refetched, which RefreshInterval (1 s here) allows within a couple of seconds;
    /// the deadline is generous for a loaded machine, not a timing assertion.
    /// </summary>
    private static async Task AssertAcceptedSoonAsync(ProtectedApp app, string token, string subject)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            using var response = await app.GetAsync("/whoami", token);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                Assert.Equal(subject, await response.Content.ReadAsStringAsync(Cancel));
                return;
            }
            const string detail = "The access token was signed with a key the auth service does not publish.";
            await UnauthorizedAsync(response, InvalidToken(detail), detail);
            Assert.True(DateTime.UtcNow < deadline, $"a token signed by the newly published key {subject} was still refused after 15 s");
            await Task.Delay(200, Cancel);
        }
    }

    [Fact]
    public async Task Forged_kids_cannot_make_the_service_fetch_keys_more_than_once_per_refresh_interval()
    {
        var rsa = TestSigningKey.Rsa("rsa-1");
        await using var auth = await FakeAuthServer.StartAsync(ProtectedApp.Issuer, rsa);
        await using var app = await ProtectedApp.StartAsync(auth);
        using (var warm = await app.GetAsync("/whoami", rsa.Sign(new TokenSpec())))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        using var forger = System.Security.Cryptography.RSA.Create(2048);
        for (var i = 0; i < 50; i++)
        {
            var forged = TestSigningKey.Sign(new RsaSecurityKey(forger) { KeyId = $"forged-{i}" }, SecurityAlgorithms.RsaSha256, new TokenSpec());
            using var response = await app.GetAsync("/whoami", forged);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        // The default refresh interval is 30 s: the first unknown kid may refresh once, the other 49 must not.
        Assert.InRange(auth.JwksRequests, 1, 2);
    }

    [Fact]
    public async Task When_the_auth_service_cannot_be_reached_bearer_tokens_are_refused_with_a_reason_and_Basic_still_works()
    {
        await using var app = await ProtectedApp.StartAsync(new Dictionary<string, string?>
        {
            ["services:auth:http:0"] = "http://127.0.0.1:9",
            ["JWT_ISSUER"] = ProtectedApp.Issuer,
            ["BASIC_AUTH_USER"] = "admin",
            ["BASIC_AUTH_PASSWORD"] = "changeme",
        });

        using var bearer = await app.GetAsync("/whoami", TestSigningKey.Rsa("rsa-1").Sign(new TokenSpec()));
        using var basic = await app.GetWithBasicAsync("/whoami", "admin", "changeme");

        const string detail = "The keys to check the access token could not be fetched from the auth service; try again later.";
        await UnauthorizedAsync(bearer, InvalidToken(detail), detail);
        Assert.Equal(HttpStatusCode.OK, basic.StatusCode);
    }
}
