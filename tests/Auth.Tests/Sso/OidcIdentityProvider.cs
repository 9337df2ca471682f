using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace McpGateway.Auth.Tests.Sso;

/// <summary>How the next id_token this provider issues is spoiled, to prove the gateway refuses it.</summary>
public enum IdTokenFault
{
    None,
    WrongNonce,
    WrongAudience,
    WrongSignature,
    WrongIssuer,
}

/// <summary>Who signs in at the provider next: what its id_token (or userinfo) says.</summary>
public sealed record UpstreamUser(string Email, bool EmailVerified = true, string? Name = "Upstream User", string[]? Groups = null,
    bool EmailInIdToken = true)
{
    /// <summary>Google's `hd` claim: the Workspace domain of the account (none for a consumer account).</summary>
    public string? HostedDomain { get; init; }

    public string Subject { get; init; } = Guid.NewGuid().ToString("N");
}

/// <summary>
/// A real OpenID Connect provider on loopback HTTP, small enough to steer: discovery, JWKS, an authorization endpoint
/// that signs in <see cref="NextUser"/> at once (no login form), a token endpoint that checks the code, redirect_uri,
/// client secret and PKCE verifier before it issues an RS256 id_token, and userinfo. <see cref="Fault"/> spoils the next id_token.
/// </summary>
public sealed class OidcIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "gateway-client";
    public const string ClientSecret = "gateway-client-secret";

    private sealed record Grant(UpstreamUser User, string RedirectUri, string? Nonce, string Challenge);

    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "upstream-key-1" };
    private readonly RsaSecurityKey _otherKey = new(RSA.Create(2048)) { KeyId = "upstream-key-1" };
    private readonly ConcurrentDictionary<string, Grant> _codes = new();
    private readonly ConcurrentDictionary<string, UpstreamUser> _accessTokens = new();

    private OidcIdentityProvider(WebApplication app) => _app = app;

    public string Issuer { get; private set; } = "";
    public UpstreamUser NextUser { get; set; } = new("nobody@example.com");
    public IdTokenFault Fault { get; set; }
    /// <summary>The authorization requests received, as query strings: what the gateway sent.</summary>
    public ConcurrentQueue<Dictionary<string, string>> AuthorizationRequests { get; } = new();
    public int TokenRequests;

    public static async Task<OidcIdentityProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var provider = new OidcIdentityProvider(app);
        app.MapGet("/.well-known/openid-configuration", provider.Discovery);
        app.MapGet("/jwks", provider.Jwks);
        app.MapGet("/authorize", provider.Authorize);
        app.MapPost("/token", provider.TokenAsync);
        app.MapGet("/userinfo", provider.UserInfo);
        await app.StartAsync(TestContext.Current.CancellationToken);
        provider.Issuer = app.Urls.Single().TrimEnd('/');
        return provider;
    }

    private IResult Discovery() => Results.Json(new Dictionary<string, object>
    {
        ["issuer"] = Issuer,
        ["authorization_endpoint"] = $"{Issuer}/authorize",
        ["token_endpoint"] = $"{Issuer}/token",
        ["userinfo_endpoint"] = $"{Issuer}/userinfo",
        ["jwks_uri"] = $"{Issuer}/jwks",
        ["response_types_supported"] = new[] { "code" },
        ["subject_types_supported"] = new[] { "public" },
        ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        ["code_challenge_methods_supported"] = new[] { "S256" },
    });

    private IResult Jwks()
    {
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_key.Rsa.ExportParameters(false)) { KeyId = _key.KeyId });
        return Results.Json(new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, use = "sig", alg = "RS256", n = jwk.N, e = jwk.E } } });
    }

    private IResult Authorize(HttpRequest request)
    {
        var query = request.Query.ToDictionary(p => p.Key, p => p.Value.ToString());
        AuthorizationRequests.Enqueue(query);
        if (query.GetValueOrDefault("client_id") != ClientId || query.GetValueOrDefault("code_challenge_method") != "S256"
            || !query.TryGetValue("code_challenge", out var challenge) || !query.TryGetValue("redirect_uri", out var redirectUri))
        {
            return Results.BadRequest("bad authorization request");
        }
        var code = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(24));
        _codes[code] = new Grant(NextUser, redirectUri, query.GetValueOrDefault("nonce"), challenge);
        return Results.Redirect(QueryHelpers.AddQueryString(redirectUri, new Dictionary<string, string?> { ["code"] = code, ["state"] = query.GetValueOrDefault("state") }));
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        Interlocked.Increment(ref TokenRequests);
        var form = await request.ReadFormAsync();
        if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
        {
            return Results.Json(new { error = "invalid_client" }, statusCode: 401);
        }
        if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(form["code"].ToString(), out var grant) || grant.RedirectUri != form["redirect_uri"]
            || Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))) != grant.Challenge)
        {
            return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
        }
        var accessToken = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(24));
        _accessTokens[accessToken] = grant.User;
        var fault = Fault;
        Fault = IdTokenFault.None;
        var claims = new Dictionary<string, object> { ["sub"] = grant.User.Subject };
        if (grant.Nonce is not null)
        {
            claims["nonce"] = fault == IdTokenFault.WrongNonce ? "another-nonce" : grant.Nonce;
        }
        if (grant.User.EmailInIdToken)
        {
            claims["email"] = grant.User.Email;
            claims["email_verified"] = grant.User.EmailVerified;
        }
        if (grant.User.Name is not null)
        {
            claims["name"] = grant.User.Name;
        }
        if (grant.User.Groups is not null)
        {
            claims["groups"] = grant.User.Groups;
        }
        if (grant.User.HostedDomain is not null)
        {
            claims["hd"] = grant.User.HostedDomain;
        }
        var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = fault == IdTokenFault.WrongIssuer ? "http://127.0.0.1:1/elsewhere" : Issuer,
            Audience = fault == IdTokenFault.WrongAudience ? "another-client" : ClientId,
            Claims = claims,
            IssuedAt = DateTime.UtcNow,
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(fault == IdTokenFault.WrongSignature ? _otherKey : _key, SecurityAlgorithms.RsaSha256),
        });
        return Results.Json(new { access_token = accessToken, token_type = "Bearer", expires_in = 300, id_token = idToken });
    }

    private IResult UserInfo(HttpRequest request)
    {
        var token = request.Headers.Authorization.ToString().Replace("Bearer ", "", StringComparison.Ordinal);
        if (!_accessTokens.TryGetValue(token, out var user))
        {
            return Results.Unauthorized();
        }
        return Results.Json(new Dictionary<string, object?>
        {
            ["sub"] = user.Subject,
            ["email"] = user.Email,
            ["email_verified"] = user.EmailVerified,
            ["name"] = user.Name,
            ["groups"] = user.Groups,
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _key.Rsa.Dispose();
        _otherKey.Rsa.Dispose();
    }
}
