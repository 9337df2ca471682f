using MassTransit;
using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Authentication;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.ServiceDefaults.Messaging.Revocations;

/// <summary>
/// Every service's deny-list, kept from auth's events: a revoked token, or a deactivated or deleted user's tokens,
/// are refused here from now on, and (stored in the service's own database, in the consumer's transaction) again after
/// a restart, before it serves (<see cref="DenyListLoader{TContext}"/>). Shared by all services rather than copied into
/// each one's IntegrationEvents/, since the rule is the same everywhere.
/// </summary>
public sealed class DenyListConsumer<TContext>(TContext db, TokenDenyList denyList) :
    IConsumer<TokenRevoked>, IConsumer<UserDeactivated>, IConsumer<UserDeleted>
    where TContext : DbContext
{
    public async Task Consume(ConsumeContext<TokenRevoked> context)
    {
        var revoked = context.Message;
        denyList.Revoke(revoked.Jti, revoked.ExpiresAt is { } expires ? new DateTimeOffset(expires, TimeSpan.Zero) : DateTimeOffset.MaxValue);
        if (await db.Set<DeniedToken>().FindAsync([revoked.Jti], context.CancellationToken) is null)
        {
            db.Add(new DeniedToken { Jti = revoked.Jti, ExpiresAt = revoked.ExpiresAt, RevokedAt = revoked.OccurredAt });
        }
    }

    public Task Consume(ConsumeContext<UserDeactivated> context) => DenyUserAsync(context.Message.Email, context.Message.OccurredAt, context.CancellationToken);

    public Task Consume(ConsumeContext<UserDeleted> context) => DenyUserAsync(context.Message.Email, context.Message.OccurredAt, context.CancellationToken);

    private async Task DenyUserAsync(string email, DateTime issuedBefore, CancellationToken cancellationToken)
    {
        var denied = await db.Set<DeniedUser>().FindAsync([email], cancellationToken);
        if (denied is null)
        {
            denied = new DeniedUser { Email = email };
            db.Add(denied);
        }
        denied.IssuedBefore = denied.IssuedBefore > issuedBefore ? denied.IssuedBefore : issuedBefore;
        denied.KeepUntil = denied.IssuedBefore + TokenDenyList.LongestTokenLifetime;
        denyList.RevokeSubject(email, new DateTimeOffset(denied.IssuedBefore, TimeSpan.Zero), new DateTimeOffset(denied.KeepUntil, TimeSpan.Zero));
    }
}
