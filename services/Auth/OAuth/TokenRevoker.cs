using McpGateway.Auth.Infrastructure;
using McpGateway.Auth.Model;
using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Authentication;
using McpGateway.ServiceDefaults.Messaging;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Auth.OAuth;

/// <summary>An access token to revoke: its `jti` and when it expires anyway.</summary>
public sealed record RevokedAccessToken(string Jti, DateTime ExpiresAt);

/// <summary>
/// Revokes what this provider issued. Access tokens: a `token_revocations` row and a `TokenRevoked` event in the outbox,
/// in one transaction (every service's deny-list learns of it), and at once this process's own deny-list.
/// Refresh tokens: by family, together with the access tokens issued alongside them.
/// </summary>
public sealed class TokenRevoker(AuthContext db, IServiceProvider services, TimeProvider time, ILogger<TokenRevoker> logger)
{
    public async Task RevokeAccessTokensAsync(IReadOnlyCollection<RevokedAccessToken> tokens, string reason, string? revokedBy, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var live = tokens.Where(t => t.ExpiresAt > now).DistinctBy(t => t.Jti).ToList();
        if (live.Count == 0)
        {
            return;
        }
        for (var attempt = 1; ; attempt++)
        {
            var jtis = live.Select(t => t.Jti).ToList();
            var known = await db.TokenRevocations.Where(r => jtis.Contains(r.Jti)).Select(r => r.Jti).ToListAsync(cancellationToken);
            foreach (var token in live.Where(t => !known.Contains(t.Jti)))
            {
                db.TokenRevocations.Add(new TokenRevocation { Jti = token.Jti, RevokedAt = now, RevokedBy = revokedBy, Reason = reason, ExpiresAt = token.ExpiresAt });
                db.AddIntegrationEvent(new TokenRevoked(token.Jti, token.ExpiresAt, null) { OccurredAt = now });
            }
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                break;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another request revoked one of these at the same moment: start over from what is stored now.
                db.ChangeTracker.Clear();
            }
        }
        if (services.GetService<TokenDenyList>() is { } denyList)
        {
            foreach (var token in live)
            {
                denyList.Revoke(token.Jti, new DateTimeOffset(token.ExpiresAt, TimeSpan.Zero));
            }
        }
        logger.LogInformation("Revoked {Count} access tokens: {Reason}", live.Count, reason);
    }

    /// <summary>Revokes every refresh token of a family and the access tokens issued with them, or from its authorization code.</summary>
    public async Task RevokeFamilyAsync(string familyId, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var revoked = await db.OAuthRefreshTokens
            .Where(t => t.FamilyId == familyId && t.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.RevokedAt, now), cancellationToken);
        var accessTokens = await db.OAuthRefreshTokens
            .Where(t => t.FamilyId == familyId && t.AccessTokenJti != null && t.AccessTokenExpiresAt > now)
            .Select(t => new RevokedAccessToken(t.AccessTokenJti!, t.AccessTokenExpiresAt!.Value))
            .ToListAsync(cancellationToken);
        var fromCode = await db.OAuthAuthorizationCodes
            .Where(c => c.CodeHash == familyId && c.AccessTokenJti != null && c.AccessTokenExpiresAt > now)
            .Select(c => new RevokedAccessToken(c.AccessTokenJti!, c.AccessTokenExpiresAt!.Value))
            .ToListAsync(cancellationToken);
        logger.LogWarning("Revoked refresh token family {Family} ({Count} tokens): {Reason}", familyId[..8], revoked, reason);
        await RevokeAccessTokensAsync([.. accessTokens, .. fromCode], reason, revokedBy: null, cancellationToken);
    }

    public Task<bool> IsRevokedAsync(string jti, CancellationToken cancellationToken) =>
        services.GetService<TokenDenyList>()?.IsRevoked(jti) == true
            ? Task.FromResult(true)
            : db.TokenRevocations.AnyAsync(r => r.Jti == jti, cancellationToken);
}
