using McpGateway.Auth.Infrastructure;
using McpGateway.Auth.Model;
using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Authentication;
using McpGateway.ServiceDefaults.Messaging;
using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace McpGateway.Auth.Tokens;

/// <summary>An access token to refuse from now on: its `jti`, when it expires anyway, and whose it is.</summary>
public sealed record RevokedAccessToken(string Jti, DateTime ExpiresAt, string? UserEmail);

/// <summary>
/// Puts access tokens that are JWTs, checked locally by every service, on every service's deny-list: a
/// `token_revocations` row and a <see cref="TokenRevoked"/> event in the outbox, saved together, and at once this
/// process's own deny-list. OpenIddict marks its token entries revoked; this is what makes the JWTs stop working.
/// </summary>
public sealed class AccessTokenRevocations(AuthContext db, TokenDenyList denyList, TimeProvider time, ILogger<AccessTokenRevocations> logger)
{
    /// <summary>The live access tokens OpenIddict issued under one authorization (a code and the refresh tokens rotated from it).</summary>
    public Task<List<RevokedAccessToken>> OfAuthorizationAsync(string authorizationId, CancellationToken cancellationToken) =>
        LiveAccessTokens(t => t.Authorization!.Id == authorizationId).ToListAsync(cancellationToken);

    /// <summary>The live access tokens OpenIddict issued to a user.</summary>
    public Task<List<RevokedAccessToken>> OfSubjectAsync(string subject, CancellationToken cancellationToken) =>
        LiveAccessTokens(t => t.Subject == subject).ToListAsync(cancellationToken);

    public async Task RevokeAsync(IReadOnlyCollection<RevokedAccessToken> tokens, string reason, string? revokedBy, CancellationToken cancellationToken)
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
                db.AddIntegrationEvent(new TokenRevoked(token.Jti, token.ExpiresAt, token.UserEmail) { OccurredAt = now });
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
        foreach (var token in live)
        {
            denyList.Revoke(token.Jti, new DateTimeOffset(token.ExpiresAt, TimeSpan.Zero));
        }
        logger.LogInformation("Revoked {Count} access tokens: {Reason}", live.Count, reason);
    }

    private IQueryable<RevokedAccessToken> LiveAccessTokens(System.Linq.Expressions.Expression<Func<OpenIddictEntityFrameworkCoreToken, bool>> filter)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return db.Set<OpenIddictEntityFrameworkCoreToken>().AsNoTracking()
            .Where(filter)
            .Where(t => t.Type == TokenTypeIdentifiers.AccessToken && t.Status == Statuses.Valid && t.ExpirationDate > now)
            .Select(t => new RevokedAccessToken(t.Id!, t.ExpirationDate!.Value, t.Subject));
    }
}
