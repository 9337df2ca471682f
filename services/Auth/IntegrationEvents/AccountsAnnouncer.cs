using McpGateway.Auth.Infrastructure;
using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Messaging;
using McpGateway.ServiceDefaults.Messaging.Resync;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Auth.IntegrationEvents;

/// <summary>
/// The auth service's state for a service that asks: every account (and which are deactivated), and every revoked
/// token still in force, so a newly deployed service knows users created before it and refuses what was revoked.
/// </summary>
internal sealed class AccountsAnnouncer(AuthContext db, TimeProvider time) : IStateAnnouncer
{
    public async Task AnnounceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await foreach (var user in db.Users.AsNoTracking().OrderBy(u => u.CreatedAt).ThenBy(u => u.Email).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            db.AddIntegrationEvent(new UserCreated(user.Email, user.FullName, user.IsAdmin, user.AuthProvider) { OccurredAt = now });
            if (!user.IsActive)
            {
                db.AddIntegrationEvent(new UserDeactivated(user.Email) { OccurredAt = now });
            }
        }
        await foreach (var revoked in db.TokenRevocations.AsNoTracking().Where(r => r.ExpiresAt == null || r.ExpiresAt > now)
                           .OrderBy(r => r.RevokedAt).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            db.AddIntegrationEvent(new TokenRevoked(revoked.Jti, revoked.ExpiresAt, null) { OccurredAt = revoked.RevokedAt });
        }
    }
}
