using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace McpGateway.TestSupport;

/// <summary>
/// Stands in for the auth service where a service is tested alone: a signing key, its discovery document and JWKS on
/// a loopback port (set `services:auth:http:0` to <see cref="Address"/>; the service fetches them as it would from
/// auth), and tokens signed with it as auth mints them: users' access tokens (for the API audience or bound to one
/// resource, RFC 8707), API tokens narrowed to a server, team or permissions, and `client_credentials` tokens.
/// </summary>
public sealed class TestTokenIssuer : IAsyncDisposable
{
    public const string Issuer = "http://localhost:4444";
    public const string Audience = "mcpgateway-api";

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "test-tokens" };
    private WebApplication? _app;

    public Uri Address { get; private set; } = null!;

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_key.Rsa.ExportParameters(false)) { KeyId = _key.KeyId });
        var publicKey = new Dictionary<string, string> { ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = _key.KeyId, ["n"] = jwk.N, ["e"] = jwk.E };
        _app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer, ["jwks_uri"] = $"{Issuer}/oauth/jwks", ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        _app.MapGet("/oauth/jwks", () => Results.Json(new { keys = new[] { publicKey } }));
        await _app.StartAsync();
        Address = new Uri(_app.Urls.Single());
    }

    /// <summary>An access token of a signed-in user, as `POST /auth/email/login` returns it.</summary>
    public string User(string email, bool isAdmin = false) => Sign(email, "at+jwt", Audience, isAdmin ? new() { ["is_admin"] = true } : []);

    /// <summary>A signed-in user's access token bound to one resource (RFC 8707 audience).</summary>
    public string User(string email, string audience) => Sign(email, "at+jwt", audience, []);

    /// <summary>An API token of <paramref name="email"/> narrowed to a server, a team and/or permissions (as `POST /tokens` mints it).</summary>
    public string ApiToken(string email, string? serverId = null, string? teamId = null, string[]? permissions = null, bool isAdmin = false)
    {
        var claims = new Dictionary<string, object> { ["token_use"] = "api" };
        if (serverId is not null)
        {
            claims["server_id"] = serverId;
        }
        if (teamId is not null)
        {
            claims["team_id"] = teamId;
        }
        if (permissions is not null)
        {
            claims["permissions"] = permissions;
        }
        if (isAdmin)
        {
            claims["is_admin"] = true;
        }
        return Sign(email, "JWT", Audience, claims);
    }

    /// <summary>A `client_credentials` token: the client is its own subject and has no email.</summary>
    public string Client(string clientId) => Sign(clientId, "at+jwt", Audience, new() { ["client_id"] = clientId }, email: false);

    private string Sign(string subject, string type, string audience, Dictionary<string, object> claims, bool email = true)
    {
        var now = DateTime.UtcNow;
        claims["sub"] = subject;
        if (email)
        {
            claims["email"] = subject;
        }
        claims["jti"] = Guid.NewGuid().ToString("N");
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer, Audience = audience, IssuedAt = now, NotBefore = now, Expires = now.AddMinutes(30), TokenType = type,
            Claims = claims, SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
