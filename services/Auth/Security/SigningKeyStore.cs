using System.Security.Cryptography;
using System.Text.Json;
using McpGateway.Auth.Infrastructure;
using McpGateway.Auth.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace McpGateway.Auth.Security;

/// <summary>
/// The keys that sign our tokens, persisted (private keys encrypted) so every replica signs with the same key and
/// tokens survive restarts. A key is published before it signs (<see cref="AuthSettings.KeyPublicationLead"/>) and
/// stays published after its successor takes over until every token it signed has expired, so services that cache
/// the JWKS never meet a token they cannot verify. All replicas read the same rows, so they agree on the active key.
/// OpenIddict signs and publishes with these keys too (<see cref="OAuth.Server.SigningKeyHandlers"/>), so a rotation
/// reaches every replica within <see cref="ReloadInterval"/> without a restart.
/// </summary>
public sealed class SigningKeyStore(IServiceScopeFactory scopes, SecretProtector protector, AuthSettings settings, TimeProvider time, ILogger<SigningKeyStore> logger)
{
    private volatile KeySet? _keys;
    private readonly SemaphoreSlim _reload = new(1, 1);

    /// <summary>How long a replica trusts its in-memory copy before re-reading the table.</summary>
    public static readonly TimeSpan ReloadInterval = TimeSpan.FromMinutes(1);

    /// <summary>The key new tokens are signed with.</summary>
    public async ValueTask<SigningCredentials> GetSigningCredentialsAsync(CancellationToken cancellationToken = default) =>
        (await GetKeysAsync(cancellationToken)).Signing;

    /// <summary>
    /// Every key a token in circulation may carry, public parts only: upcoming, active and retired-but-unexpired. The same
    /// list object while the keys are the same, so callers may cache what they derive from it.
    /// </summary>
    public async ValueTask<IReadOnlyList<JsonWebKey>> GetPublishedKeysAsync(CancellationToken cancellationToken = default) =>
        (await GetKeysAsync(cancellationToken)).Published;

    /// <summary>
    /// Keeps a key published at least until <paramref name="expiresAt"/>, the expiry of a long-lived token it signed
    /// (an API token); null means the token never expires, so neither does the key's publication.
    /// </summary>
    public async Task KeepPublishedUntilAsync(string kid, DateTime? expiresAt, CancellationToken cancellationToken = default)
    {
        var until = expiresAt ?? DateTime.MaxValue;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthContext>();
        var key = await db.OAuthSigningKeys.SingleAsync(k => k.Kid == kid, cancellationToken);
        if (key.ExpiresAt is null || key.ExpiresAt < until)
        {
            key.ExpiresAt = until;
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Creates the first key, or the next one when the active key is due to be replaced within the publication lead.
    /// Idempotent and safe on many replicas at once (a duplicate successor only means one more published key).
    /// </summary>
    public async Task RotateIfDueAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthContext>();
        var newest = await db.OAuthSigningKeys.OrderByDescending(k => k.ActivatedAt).FirstOrDefaultAsync(cancellationToken);
        if (newest is null)
        {
            db.OAuthSigningKeys.Add(NewKey(activatedAt: now));
            logger.LogInformation("Created the first {Algorithm} signing key", settings.Algorithm);
        }
        else if (newest.ActivatedAt + settings.KeyRotationPeriod - settings.KeyPublicationLead <= now)
        {
            var successor = NewKey(activatedAt: Max(now + settings.KeyPublicationLead, newest.ActivatedAt!.Value + settings.KeyRotationPeriod));
            // The predecessor signs until its successor activates, then must verify for one more token lifetime.
            newest.RetiredAt = successor.ActivatedAt;
            newest.ExpiresAt = Max(newest.ExpiresAt ?? DateTime.MinValue, successor.ActivatedAt!.Value + settings.AccessTokenLifetime);
            db.OAuthSigningKeys.Add(successor);
            logger.LogInformation("Published signing key {Kid}; it signs from {ActivatedAt:O}", successor.Kid, successor.ActivatedAt);
        }
        else
        {
            return;
        }
        await db.SaveChangesAsync(cancellationToken);
        _keys = null;
    }

    private async ValueTask<KeySet> GetKeysAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (_keys is { } keys && keys.LoadedAt + ReloadInterval > now && (keys.NextActivation is null || keys.NextActivation > now))
        {
            return keys;
        }
        await _reload.WaitAsync(cancellationToken);
        try
        {
            if (_keys is { } fresh && fresh.LoadedAt + ReloadInterval > now && (fresh.NextActivation is null || fresh.NextActivation > now))
            {
                return fresh;
            }
            _keys = await LoadAsync(now, cancellationToken);
            return _keys;
        }
        finally
        {
            _reload.Release();
        }
    }

    private async Task<KeySet> LoadAsync(DateTime now, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthContext>();
        var rows = await db.OAuthSigningKeys.AsNoTracking()
            .Where(k => k.ExpiresAt == null || k.ExpiresAt > now)
            .OrderByDescending(k => k.ActivatedAt)
            .ToListAsync(cancellationToken);
        var active = rows.FirstOrDefault(k => k.ActivatedAt <= now)
            ?? throw new InvalidOperationException("No signing key is active yet; the key rotation service creates one at start-up.");

        var published = rows.Select(k => new JsonWebKey(k.PublicJwk)).ToList();
        var next = rows.Where(k => k.ActivatedAt > now).Select(k => k.ActivatedAt).Min();
        return new KeySet(new SigningCredentials(ToPrivateKey(active), active.Algorithm), published, now, next);
    }

    private OAuthSigningKey NewKey(DateTime activatedAt)
    {
        var kid = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));
        AsymmetricAlgorithm algorithm = settings.Algorithm == "ES256" ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : RSA.Create(2048);
        using (algorithm)
        {
            var publicJwk = algorithm switch
            {
                RSA rsa => JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false)) { KeyId = kid }),
                ECDsa ec => JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ECDsa.Create(ec.ExportParameters(false))) { KeyId = kid }),
                _ => throw new NotSupportedException(),
            };
            publicJwk.Use = "sig";
            publicJwk.Alg = settings.Algorithm;
            return new OAuthSigningKey
            {
                Kid = kid,
                Algorithm = settings.Algorithm,
                PrivateKey = protector.Protect(algorithm.ExportPkcs8PrivateKey()),
                PublicJwk = JsonSerializer.Serialize(new SortedDictionary<string, object?>
                {
                    ["kty"] = publicJwk.Kty, ["use"] = publicJwk.Use, ["alg"] = publicJwk.Alg, ["kid"] = kid,
                    ["n"] = publicJwk.N, ["e"] = publicJwk.E, ["crv"] = publicJwk.Crv, ["x"] = publicJwk.X, ["y"] = publicJwk.Y,
                }.Where(p => p.Value is not null).ToDictionary()),
                CreatedAt = time.GetUtcNow().UtcDateTime,
                ActivatedAt = activatedAt,
            };
        }
    }

    private SecurityKey ToPrivateKey(OAuthSigningKey key)
    {
        var pkcs8 = protector.Unprotect(key.PrivateKey);
        if (key.Algorithm == "ES256")
        {
            var ec = ECDsa.Create();
            ec.ImportPkcs8PrivateKey(pkcs8, out _);
            return new ECDsaSecurityKey(ec) { KeyId = key.Kid };
        }
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(pkcs8, out _);
        return new RsaSecurityKey(rsa) { KeyId = key.Kid };
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private sealed record KeySet(SigningCredentials Signing, IReadOnlyList<JsonWebKey> Published, DateTime LoadedAt, DateTime? NextActivation);
}
