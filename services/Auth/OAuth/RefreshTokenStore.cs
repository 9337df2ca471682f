using McpGateway.Auth.Infrastructure;
using McpGateway.Auth.Model;
using McpGateway.Auth.Security;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Auth.OAuth;

/// <summary>
/// Refresh tokens: opaque, stored as their SHA-256, rotated on every use (OAuth 2.1 §4.3.1). All tokens rotated from
/// one grant share a family id (the authorization code's hash). Presenting a consumed token means it was copied:
/// the whole family is revoked, the newest token included.
/// </summary>
public sealed class RefreshTokenStore(AuthContext db, AuthSettings settings, TimeProvider time)
{
    public async Task<string> IssueAsync(string familyId, string clientId, string email, string? scope, string? resource, DateTime? authTime,
        IssuedToken accessToken, CancellationToken cancellationToken)
    {
        var token = OpaqueTokens.New();
        var now = time.GetUtcNow().UtcDateTime;
        db.OAuthRefreshTokens.Add(new OAuthRefreshToken
        {
            TokenHash = OpaqueTokens.Hash(token),
            FamilyId = familyId,
            ClientId = clientId,
            UserEmail = email,
            Scope = scope,
            Resource = resource,
            AuthTime = authTime,
            AccessTokenJti = accessToken.Jti,
            AccessTokenExpiresAt = accessToken.ExpiresAt,
            CreatedAt = now,
            ExpiresAt = now + settings.RefreshTokenLifetime,
        });
        await db.SaveChangesAsync(cancellationToken);
        return token;
    }

    public Task<OAuthRefreshToken?> FindAsync(string token, CancellationToken cancellationToken)
    {
        var hash = OpaqueTokens.Hash(token);
        return db.OAuthRefreshTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
    }

    /// <summary>Marks a live token consumed, atomically: false when it was consumed, revoked or expired meanwhile.</summary>
    public async Task<bool> ConsumeAsync(OAuthRefreshToken token, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var won = await db.OAuthRefreshTokens
            .Where(t => t.TokenHash == token.TokenHash && t.ConsumedAt == null && t.RevokedAt == null && t.ExpiresAt > now)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.ConsumedAt, now), cancellationToken);
        return won == 1;
    }

    public bool IsLive(OAuthRefreshToken token) =>
        token.ConsumedAt is null && token.RevokedAt is null && token.ExpiresAt > time.GetUtcNow().UtcDateTime;
}
