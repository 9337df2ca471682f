using McpGateway.ServiceDefaults.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace McpGateway.ServiceDefaults.Messaging.Revocations;

/// <summary>
/// At start-up (after migrations, before the server listens: hosted services start first), fills the deny-list with the
/// revocations this service consumed earlier and that are still in force, so a restart forgets none of them.
/// </summary>
public sealed class DenyListLoader<TContext>(IServiceScopeFactory scopes, TokenDenyList denyList, TimeProvider time, ILogger<DenyListLoader<TContext>> logger)
    : IHostedService where TContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var tokens = await db.Set<DeniedToken>().AsNoTracking().Where(t => t.ExpiresAt == null || t.ExpiresAt > now).ToListAsync(cancellationToken);
        foreach (var token in tokens)
        {
            denyList.Revoke(token.Jti, token.ExpiresAt is { } expires ? new DateTimeOffset(expires, TimeSpan.Zero) : DateTimeOffset.MaxValue);
        }
        var users = await db.Set<DeniedUser>().AsNoTracking().Where(u => u.KeepUntil > now).ToListAsync(cancellationToken);
        foreach (var user in users)
        {
            denyList.RevokeSubject(user.Email, new DateTimeOffset(user.IssuedBefore, TimeSpan.Zero), new DateTimeOffset(user.KeepUntil, TimeSpan.Zero));
        }
        logger.LogInformation("Deny-list loaded: {Tokens} revoked tokens, {Users} deactivated or deleted users", tokens.Count, users.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
