using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace McpGateway.Auth.Security;

/// <summary>An issued JWT and what a caller needs to tell about it.</summary>
public sealed record IssuedToken(string Token, string Jti, string Kid, DateTime ExpiresAt);

/// <summary>
/// Mints every JWT the auth service issues, signed with the active key from <see cref="SigningKeyStore"/>:
/// access tokens (RFC 9068), OpenID Connect id_tokens, and API tokens. Claims follow the contract every service's
/// validation relies on (ServiceDefaults): `sub` and `email` are the user's email, `jti` is always set.
/// </summary>
public sealed class TokenIssuer(SigningKeyStore keys, AuthSettings settings, TimeProvider time)
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <param name="audience">The resource the token is for (RFC 8707), or null for the gateway's API audience.</param>
    public Task<IssuedToken> IssueAccessTokenAsync(string email, bool isAdmin, string? scope, string? clientId, string? audience,
        CancellationToken cancellationToken = default)
    {
        var claims = UserClaims(email, isAdmin);
        AddIfPresent(claims, "scope", scope);
        AddIfPresent(claims, "client_id", clientId);
        return IssueAsync(claims, audience ?? settings.Audience, settings.AccessTokenLifetime, "at+jwt", cancellationToken);
    }

    /// <summary>An access token for a client acting for itself (`client_credentials`): the client is the subject.</summary>
    public Task<IssuedToken> IssueClientTokenAsync(string clientId, string? scope, string? audience, CancellationToken cancellationToken = default)
    {
        var claims = new Dictionary<string, object> { ["sub"] = clientId, ["client_id"] = clientId };
        AddIfPresent(claims, "scope", scope);
        return IssueAsync(claims, audience ?? settings.Audience, settings.AccessTokenLifetime, "at+jwt", cancellationToken);
    }

    /// <summary>An OpenID Connect id_token for <paramref name="clientId"/> (its audience), echoing the request's nonce.</summary>
    public Task<IssuedToken> IssueIdTokenAsync(string email, string? fullName, string clientId, string? nonce, DateTime authTime,
        CancellationToken cancellationToken = default)
    {
        var claims = new Dictionary<string, object>
        {
            ["sub"] = email,
            ["email"] = email,
            ["auth_time"] = EpochTime.GetIntDate(authTime),
        };
        AddIfPresent(claims, "name", fullName);
        AddIfPresent(claims, "nonce", nonce);
        return IssueAsync(claims, clientId, settings.AccessTokenLifetime, "JWT", cancellationToken);
    }

    /// <summary>
    /// A long-lived API token: checkable by any service on its own, revocable through its `jti`. Its signing key stays
    /// published as long as the token lives.
    /// </summary>
    public async Task<IssuedToken> IssueApiTokenAsync(string email, bool isAdmin, TimeSpan? lifetime, IDictionary<string, object> scopeClaims,
        CancellationToken cancellationToken = default)
    {
        var claims = UserClaims(email, isAdmin);
        claims["token_use"] = "api";
        foreach (var (name, value) in scopeClaims)
        {
            claims[name] = value;
        }
        var issued = await IssueAsync(claims, settings.Audience, lifetime, "JWT", cancellationToken);
        await keys.KeepPublishedUntilAsync(issued.Kid, lifetime is null ? null : issued.ExpiresAt, cancellationToken);
        return issued;
    }

    private async Task<IssuedToken> IssueAsync(Dictionary<string, object> claims, string audience, TimeSpan? lifetime, string type,
        CancellationToken cancellationToken)
    {
        var credentials = await keys.GetSigningCredentialsAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var expires = lifetime is { } span ? now + span : DateTime.MaxValue;
        var jti = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));
        claims["jti"] = jti;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            // A token that never expires still needs `exp` for every validator that requires one: the far future.
            Expires = lifetime is null ? new DateTime(9999, 12, 31, 0, 0, 0, DateTimeKind.Utc) : expires,
            Claims = claims,
            SigningCredentials = credentials,
            TokenType = type,
        };
        return new IssuedToken(Handler.CreateToken(descriptor), jti, credentials.Key.KeyId, expires);
    }

    private static Dictionary<string, object> UserClaims(string email, bool isAdmin)
    {
        var claims = new Dictionary<string, object> { ["sub"] = email, ["email"] = email };
        if (isAdmin)
        {
            claims["is_admin"] = true;
        }
        return claims;
    }

    private static void AddIfPresent(Dictionary<string, object> claims, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            claims[name] = value;
        }
    }
}
