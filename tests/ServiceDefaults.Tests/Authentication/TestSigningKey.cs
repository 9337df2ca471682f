using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace McpGateway.ServiceDefaults.Tests.Authentication;

/// <summary>A key the tests sign with, as the auth service would, and its public JWK.</summary>
public sealed class TestSigningKey
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    private TestSigningKey(SecurityKey key, string algorithm, Dictionary<string, string> jwk)
    {
        Key = key;
        Algorithm = algorithm;
        Jwk = jwk;
    }

    public SecurityKey Key { get; }
    public string Algorithm { get; }
    public string Kid => Key.KeyId;

    /// <summary>The public half only, as a JWKS publishes it.</summary>
    public IReadOnlyDictionary<string, string> Jwk { get; }

    public static TestSigningKey Rsa(string kid, string algorithm = SecurityAlgorithms.RsaSha256)
    {
        var rsa = System.Security.Cryptography.RSA.Create(2048);
        var p = rsa.ExportParameters(includePrivateParameters: false);
        return new TestSigningKey(new RsaSecurityKey(rsa) { KeyId = kid }, algorithm, new()
        {
            ["kty"] = "RSA", ["use"] = "sig", ["alg"] = algorithm, ["kid"] = kid,
            ["n"] = Base64UrlEncoder.Encode(p.Modulus!), ["e"] = Base64UrlEncoder.Encode(p.Exponent!),
        });
    }

    public static TestSigningKey EcP256(string kid)
    {
        var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var p = ec.ExportParameters(includePrivateParameters: false);
        return new TestSigningKey(new ECDsaSecurityKey(ec) { KeyId = kid }, SecurityAlgorithms.EcdsaSha256, new()
        {
            ["kty"] = "EC", ["use"] = "sig", ["alg"] = "ES256", ["kid"] = kid, ["crv"] = "P-256",
            ["x"] = Base64UrlEncoder.Encode(p.Q.X!), ["y"] = Base64UrlEncoder.Encode(p.Q.Y!),
        });
    }

    /// <summary>A token as the auth service issues it, or as <paramref name="spec"/> bends it.</summary>
    public string Sign(TokenSpec spec) => Sign(Key, Algorithm, spec);

    public static string Sign(SecurityKey key, string algorithm, TokenSpec spec)
    {
        var claims = new Dictionary<string, object>(spec.ExtraClaims) { ["sub"] = spec.Subject, ["email"] = spec.Subject };
        if (spec.Jti is { } jti)
        {
            claims["jti"] = jti;
        }
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = spec.Issuer,
            Audience = spec.Audience,
            IssuedAt = spec.NotBefore.UtcDateTime,
            NotBefore = spec.NotBefore.UtcDateTime,
            Expires = spec.Expires.UtcDateTime,
            Claims = claims,
            TokenType = spec.Type,
            SigningCredentials = new SigningCredentials(key, algorithm),
        });
    }

    /// <summary>An unsigned token (`alg: none`), built by hand: no library will make one.</summary>
    public static string Unsigned(TokenSpec spec, string kid)
    {
        var header = new Dictionary<string, object> { ["alg"] = "none", ["typ"] = spec.Type, ["kid"] = kid };
        var payload = new Dictionary<string, object>
        {
            ["iss"] = spec.Issuer, ["aud"] = spec.Audience ?? "mcpgateway-api", ["sub"] = spec.Subject, ["email"] = spec.Subject, ["jti"] = spec.Jti ?? "x",
            ["nbf"] = spec.NotBefore.ToUnixTimeSeconds(), ["iat"] = spec.NotBefore.ToUnixTimeSeconds(), ["exp"] = spec.Expires.ToUnixTimeSeconds(),
        };
        return $"{Encode(header)}.{Encode(payload)}.";
    }

    /// <summary>The same token with its payload's `sub` replaced and the original signature kept.</summary>
    public static string WithSubject(string token, string subject)
    {
        var parts = token.Split('.');
        var payload = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Base64UrlEncoder.DecodeBytes(parts[1]))!;
        var changed = payload.ToDictionary(p => p.Key, p => p.Key == "sub" ? (object)subject : p.Value);
        return $"{parts[0]}.{Encode(changed)}.{parts[2]}";
    }

    private static string Encode(object value) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value)));
}

/// <summary>What a test token says; the defaults make a valid access token for <see cref="ProtectedApp"/>.</summary>
public sealed record TokenSpec
{
    public string Issuer { get; init; } = ProtectedApp.Issuer;
    public string? Audience { get; init; } = "mcpgateway-api";
    public string Subject { get; init; } = "alice@example.com";
    public string? Jti { get; init; } = Guid.NewGuid().ToString("N");
    public string Type { get; init; } = "at+jwt";
    public DateTimeOffset NotBefore { get; init; } = DateTimeOffset.UtcNow.AddMinutes(-1);
    public DateTimeOffset Expires { get; init; } = DateTimeOffset.UtcNow.AddMinutes(10);
    public Dictionary<string, object> ExtraClaims { get; init; } = [];
}
