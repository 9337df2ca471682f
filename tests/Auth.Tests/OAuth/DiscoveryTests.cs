using System.Net;
using System.Text.Json;

namespace McpGateway.Auth.Tests.OAuth;

/// <summary>Discovery (OIDC Discovery 1.0, RFC 8414) and the JWKS: what a relying party reads before anything else.</summary>
public sealed class DiscoveryTests(OAuthFixture factory) : IClassFixture<OAuthFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private const string Issuer = "http://localhost:4444";

    [Theory]
    [InlineData("/.well-known/openid-configuration")]
    [InlineData("/.well-known/oauth-authorization-server")]
    public async Task Metadata_names_every_endpoint_below_the_issuer_and_what_is_supported(string path)
    {
        using var client = factory.Host.CreateClient();
        using var response = await client.GetAsync(path, Cancel);
        var metadata = await OAuthAssert.JsonAsync(response);

        Assert.Equal(Issuer, metadata.GetProperty("issuer").GetString());
        Assert.Equal($"{Issuer}/oauth/authorize", metadata.GetProperty("authorization_endpoint").GetString());
        Assert.Equal($"{Issuer}/oauth/token", metadata.GetProperty("token_endpoint").GetString());
        Assert.Equal($"{Issuer}/oauth/userinfo", metadata.GetProperty("userinfo_endpoint").GetString());
        Assert.Equal($"{Issuer}/oauth/jwks", metadata.GetProperty("jwks_uri").GetString());
        Assert.Equal($"{Issuer}/oauth/register", metadata.GetProperty("registration_endpoint").GetString());
        Assert.Equal($"{Issuer}/oauth/revoke", metadata.GetProperty("revocation_endpoint").GetString());
        Assert.Equal($"{Issuer}/oauth/introspect", metadata.GetProperty("introspection_endpoint").GetString());
        Assert.Equal($"{Issuer}/oauth/logout", metadata.GetProperty("end_session_endpoint").GetString());
        Assert.Equal(["code"], Strings(metadata, "response_types_supported"));
        Assert.Equal(["query"], Strings(metadata, "response_modes_supported"));
        Assert.Equal(["authorization_code", "refresh_token", "client_credentials"], Strings(metadata, "grant_types_supported"));
        Assert.Equal(["S256"], Strings(metadata, "code_challenge_methods_supported"));
        Assert.Equal(["client_secret_basic", "client_secret_post", "none"], Strings(metadata, "token_endpoint_auth_methods_supported"));
        Assert.Equal(["openid", "profile", "email", "offline_access"], Strings(metadata, "scopes_supported"));
        Assert.Equal(["public"], Strings(metadata, "subject_types_supported"));
        Assert.Equal(["RS256"], Strings(metadata, "id_token_signing_alg_values_supported"));
        Assert.Contains("email", Strings(metadata, "claims_supported"));
        Assert.True(metadata.GetProperty("authorization_response_iss_parameter_supported").GetBoolean());
        Assert.False(metadata.GetProperty("request_uri_parameter_supported").GetBoolean());
    }

    [Fact]
    public async Task The_JWKS_holds_the_key_that_signs_tokens_and_no_private_part()
    {
        using var flow = new OAuthFlow(factory);
        var client = await flow.RegisterClientAsync("client_secret_basic", ["client_credentials"], redirectUris: []);
        using var tokenResponse = await flow.TokenAsync(client, ("grant_type", "client_credentials"));
        var kid = OAuthFlow.Jwt((await OAuthAssert.JsonAsync(tokenResponse)).GetProperty("access_token").GetString()!).Kid;

        using var response = await flow.Machine.GetAsync("/oauth/jwks", Cancel);
        var jwks = await OAuthAssert.JsonAsync(response);

        Assert.Equal("public, max-age=300", response.Headers.CacheControl?.ToString());
        var key = Assert.Single(jwks.GetProperty("keys").EnumerateArray(), k => k.GetProperty("kid").GetString() == kid);
        Assert.Equal("RSA", key.GetProperty("kty").GetString());
        Assert.Equal("sig", key.GetProperty("use").GetString());
        Assert.Equal("RS256", key.GetProperty("alg").GetString());
        foreach (var privatePart in new[] { "d", "p", "q", "dp", "dq", "qi" })
        {
            Assert.False(key.TryGetProperty(privatePart, out _), $"the JWKS publishes the private parameter {privatePart}");
        }
    }

    private static string[] Strings(JsonElement metadata, string name) =>
        metadata.GetProperty(name).EnumerateArray().Select(e => e.GetString()!).ToArray();
}
