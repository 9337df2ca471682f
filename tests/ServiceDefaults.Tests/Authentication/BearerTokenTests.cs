using System.Net;
using McpGateway.ServiceDefaults.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using static McpGateway.ServiceDefaults.Tests.Authentication.AuthenticationAssert;

namespace McpGateway.ServiceDefaults.Tests.Authentication;

/// <summary>A fake auth server publishing RSA, EC and RSA-PSS keys, and a service validating its tokens.</summary>
public sealed class BearerFixture : IAsyncLifetime
{
    public TestSigningKey Rsa { get; } = TestSigningKey.Rsa("rsa-1");
    public TestSigningKey Ec { get; } = TestSigningKey.EcP256("ec-1");
    public TestSigningKey Pss { get; } = TestSigningKey.Rsa("pss-1", SecurityAlgorithms.RsaSsaPssSha256);
    public FakeAuthServer Auth { get; private set; } = null!;
    public ProtectedApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Auth = await FakeAuthServer.StartAsync(ProtectedApp.Issuer, Rsa, Ec, Pss);
        App = await ProtectedApp.StartAsync(Auth);
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Auth.DisposeAsync();
    }
}

public sealed class BearerTokenTests(BearerFixture fixture) : IClassFixture<BearerFixture>
{
    private ProtectedApp App => fixture.App;

    [Theory]
    [InlineData("rsa-1")]
    [InlineData("ec-1")]
    [InlineData("pss-1")]
    public async Task A_valid_token_signed_with_a_published_key_reaches_the_endpoint_as_its_subject(string kid)
    {
        var key = new[] { fixture.Rsa, fixture.Ec, fixture.Pss }.Single(k => k.Kid == kid);

        using var response = await App.GetAsync("/whoami", key.Sign(new TokenSpec { Subject = "bob@example.com" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("bob@example.com", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_API_token_with_typ_JWT_and_an_audience_array_is_accepted()
    {
        var token = fixture.Rsa.Sign(new TokenSpec
        {
            Type = "JWT",
            Audience = null,
            ExtraClaims = { ["token_use"] = "api", ["aud"] = new[] { "something-else", "mcpgateway-api" } },
        });

        using var response = await App.GetAsync("/whoami", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Without_credentials_a_protected_endpoint_answers_401_with_a_plain_Bearer_challenge()
    {
        using var response = await App.GetAsync("/whoami");

        await UnauthorizedAsync(response, "Bearer", NoCredentials);
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var token = fixture.Rsa.Sign(new TokenSpec { NotBefore = DateTimeOffset.UtcNow.AddHours(-2), Expires = DateTimeOffset.UtcNow.AddMinutes(-5) });

        using var response = await App.GetAsync("/whoami", token);

        await UnauthorizedAsync(response, InvalidToken("The access token has expired."), "The access token has expired.", token);
    }

    [Fact]
    public async Task A_token_not_valid_yet_is_refused()
    {
        var token = fixture.Rsa.Sign(new TokenSpec { NotBefore = DateTimeOffset.UtcNow.AddMinutes(5), Expires = DateTimeOffset.UtcNow.AddMinutes(20) });

        using var response = await App.GetAsync("/whoami", token);

        const string detail = "The access token is not valid yet (nbf is in the future).";
        await UnauthorizedAsync(response, InvalidToken(detail), detail, token);
    }

    [Fact]
    public async Task A_token_whose_payload_was_altered_after_signing_is_refused()
    {
        var token = TestSigningKey.WithSubject(fixture.Rsa.Sign(new TokenSpec()), "admin@example.com");

        using var response = await App.GetAsync("/whoami", token);

        const string detail = "The access token's signature is invalid.";
        await UnauthorizedAsync(response, InvalidToken(detail), detail, token);
    }

    [Fact]
    public async Task A_token_signed_by_a_key_the_auth_service_does_not_publish_is_refused()
    {
        var token = TestSigningKey.Rsa("stranger").Sign(new TokenSpec());

        using var response = await App.GetAsync("/whoami", token);

        const string detail = "The access token was signed with a key the auth service does not publish.";
        await UnauthorizedAsync(response, InvalidToken(detail), detail, token);
    }

    [Fact]
    public async Task A_token_signed_by_another_key_under_a_published_kid_is_refused()
    {
        var impostor = TestSigningKey.Rsa(fixture.Rsa.Kid);
        var token = impostor.Sign(new TokenSpec());

        using var response = await App.GetAsync("/whoami", token);

        const string detail = "The access token's signature is invalid.";
        await UnauthorizedAsync(response, InvalidToken(detail), detail, token);
    }

    [Fact]
    public async Task An_unsigned_token_with_alg_none_is_refused()
    {
        var token = TestSigningKey.Unsigned(new TokenSpec(), fixture.Rsa.Kid);

        using var response = await App.GetAsync("/whoami", token);

        const string detail = "The access token's signing algorithm is not accepted (RS256, ES256 or PS256 only).";
        await UnauthorizedAsync(response, InvalidToken(detail), detail, token);
    }

    [Fact]
    public async Task An_HS256_token_signed_with_a_guessable_secret_is_refused()
    {
        var secret = new SymmetricSecurityKey("changeme-changeme-changeme-changeme"u8.ToArray()) { KeyId = fixture.Rsa.Kid };
        var token = TestSigningKey.Sign(secret, SecurityAlgorithms.HmacSha256, new TokenSpec());

        using var response = await App.GetAsync("/whoami", token);

        const string detail = "The access token's signing algorithm is not accepted (RS256, ES256 or PS256 only).";
        await UnauthorizedAsync(response, InvalidToken(detail), detail, token);
    }

    [Theory]
    [InlineData("https://evil.example.test")]
    [InlineData(ProtectedApp.Issuer + "/")]
    [InlineData("HTTPS://GATEWAY.EXAMPLE.TEST")]
    public async Task A_token_from_another_issuer_is_refused_even_one_differing_only_by_a_trailing_slash_or_case(string issuer)
    {
        var token = fixture.Rsa.Sign(new TokenSpec { Issuer = issuer });

        using var response = await App.GetAsync("/whoami", token);

        const string detail = "The access token was not issued by this gateway's issuer.";
        await UnauthorizedAsync(response, InvalidToken(detail), detail, token);
    }

    [Fact]
    public async Task A_token_for_another_audience_is_refused()
    {
        var token = fixture.Rsa.Sign(new TokenSpec { Audience = "some-other-api" });

        using var response = await App.GetAsync("/whoami", token);

        const string detail = "The access token is not meant for this API (its audience is not accepted).";
        await UnauthorizedAsync(response, InvalidToken(detail), detail, token);
    }

    [Fact]
    public async Task A_token_of_another_type_such_as_a_logout_token_is_refused()
    {
        var token = fixture.Rsa.Sign(new TokenSpec { Type = "logout+jwt" });

        using var response = await App.GetAsync("/whoami", token);

        const string detail = "The access token's type (typ) is not accepted.";
        await UnauthorizedAsync(response, InvalidToken(detail), detail, token);
    }

    [Fact]
    public async Task A_token_without_jti_is_refused_by_default()
    {
        var token = fixture.Rsa.Sign(new TokenSpec { Jti = null });

        using var response = await App.GetAsync("/whoami", token);

        const string detail = "The access token has no jti claim, so it could not be revoked; it is not accepted.";
        await UnauthorizedAsync(response, InvalidToken(detail), detail, token);
    }

    [Fact]
    public async Task A_revoked_token_is_refused_while_others_are_still_accepted()
    {
        var revoked = new TokenSpec();
        App.Services.GetRequiredService<TokenDenyList>().Revoke(revoked.Jti!, revoked.Expires);

        using var refused = await App.GetAsync("/whoami", fixture.Rsa.Sign(revoked));
        using var accepted = await App.GetAsync("/whoami", fixture.Rsa.Sign(new TokenSpec()));

        await UnauthorizedAsync(refused, InvalidToken("The access token has been revoked."), "The access token has been revoked.");
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0")]
    public async Task A_garbage_token_is_refused_as_malformed(string token)
    {
        using var response = await App.GetAsync("/whoami", token);

        const string detail = "The access token is not a well-formed signed JWT.";
        await UnauthorizedAsync(response, InvalidToken(detail), detail, token);
    }

    [Fact]
    public async Task A_signed_in_user_who_is_not_allowed_gets_403_as_a_problem()
    {
        using var response = await App.GetAsync("/admin", fixture.Rsa.Sign(new TokenSpec()));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("You are signed in, but not allowed to do this.", (await ProblemAsync(response, 403)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_platform_admin_token_passes_the_admin_policy()
    {
        var token = fixture.Ec.Sign(new TokenSpec { ExtraClaims = { ["is_admin"] = true } });

        using var response = await App.GetAsync("/admin", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Endpoints_that_do_not_opt_in_stay_anonymous_even_with_a_bad_token()
    {
        using var open = await App.GetAsync("/open");
        using var openWithBadToken = await App.GetAsync("/open", "not-a-jwt");
        using var health = await App.GetAsync("/health", "not-a-jwt");
        using var alive = await App.GetAsync("/alive");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK],
            new[] { open.StatusCode, openWithBadToken.StatusCode, health.StatusCode, alive.StatusCode });
    }

    [Fact]
    public async Task Refusals_are_logged_with_their_reason_and_never_with_the_token_even_at_debug_level()
    {
        await using var app = await ProtectedApp.StartAsync(fixture.Auth, ("LOG_LEVEL", "Debug"));
        var expired = fixture.Rsa.Sign(new TokenSpec { NotBefore = DateTimeOffset.UtcNow.AddHours(-2), Expires = DateTimeOffset.UtcNow.AddMinutes(-5) });
        var tampered = TestSigningKey.WithSubject(fixture.Rsa.Sign(new TokenSpec()), "mallory@example.com");
        var unknownKey = TestSigningKey.Rsa("stranger").Sign(new TokenSpec());

        foreach (var token in new[] { expired, tampered, unknownKey })
        {
            using var response = await app.GetAsync("/whoami", token);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        var logs = string.Join('\n', app.Logs.Lines);
        Assert.Contains("Bearer token rejected: The access token has expired.", logs);
        Assert.Contains("Bearer token rejected: The access token's signature is invalid.", logs);
        Assert.Contains("Bearer token rejected: The access token was signed with a key the auth service does not publish.", logs);
        foreach (var token in new[] { expired, tampered, unknownKey })
        {
            Assert.DoesNotContain(token.Split('.')[1], logs, StringComparison.Ordinal);
            Assert.DoesNotContain(token.Split('.')[2], logs, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task At_the_default_log_level_a_refusal_is_one_line_with_its_reason()
    {
        await using var app = await ProtectedApp.StartAsync(fixture.Auth);

        using var response = await app.GetAsync("/whoami", "not-a-jwt");

        var lines = app.Logs.Lines.Where(l => l.Contains("Authentication", StringComparison.Ordinal)).ToList();
        Assert.Equal(["Information McpGateway.ServiceDefaults.Authentication.BearerTokenEvents: Bearer token rejected: The access token is not a well-formed signed JWT. "], lines);
    }
}
