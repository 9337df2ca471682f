using McpGateway.ServiceDefaults.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace McpGateway.ServiceDefaults.Messaging.Revocations;

/// <summary>
/// Fills the deny-list from the revocations this service stored that are still in force: at start-up (after migrations,
/// before the server listens: hosted services start first), so a restart forgets none of them; then again every
/// <see cref="MessagingSettings.DenyListReloadInterval"/>. A replica hears revocations through its own queue
/// (<see cref="ReplicaDenyListConsumer"/>), which exists only once its bus has started: one published between the load
/// and that moment reaches the replica only through the database, where its service's queue consumer
/// (<see cref="DenyListConsumer{TContext}"/>, in whichever replica) stores it. Revocations only grow, so a reload only adds.
/// </summary>
public sealed class DenyListLoader<TContext>(IServiceScopeFactory scopes, TokenDenyList denyList, MessagingSettings settings, TimeProvider time,
    ILogger<DenyListLoader<TContext>> logger) : BackgroundService where TContext : DbContext
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var (tokens, users, _) = await LoadAsync(cancellationToken);
        logger.LogInformation("Deny-list loaded: {Tokens} revoked tokens, {Users} deactivated or deleted users", tokens, users);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(settings.DenyListReloadInterval, time, stoppingToken);
                try
                {
                    if ((await LoadAsync(stoppingToken)).Unheard is > 0 and var unheard)
                    {
                        logger.LogWarning("The deny-list reload added {Count} stored revocations this replica had not heard of " +
                            "(published before its queue existed, or still on their way to it)", unheard);
                    }
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(e, "Reloading the deny-list failed; trying again in {Seconds} s", settings.DenyListReloadInterval.TotalSeconds);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Adds every stored revocation in force; counts those the list did not hold yet.</summary>
    private async Task<(int Tokens, int Users, int Unheard)> LoadAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var unheard = 0;
        var tokens = await db.Set<DeniedToken>().AsNoTracking().Where(t => t.ExpiresAt == null || t.ExpiresAt > now).ToListAsync(cancellationToken);
        foreach (var token in tokens)
        {
            unheard += denyList.IsRevoked(token.Jti) ? 0 : 1;
            denyList.Revoke(token.Jti, token.ExpiresAt is { } expires ? new DateTimeOffset(expires, TimeSpan.Zero) : DateTimeOffset.MaxValue);
        }
        var users = await db.Set<DeniedUser>().AsNoTracking().Where(u => u.KeepUntil > now).ToListAsync(cancellationToken);
        foreach (var user in users)
        {
            var issuedBefore = new DateTimeOffset(user.IssuedBefore, TimeSpan.Zero);
            // A token of the second before the cut is refused exactly when this cut (or a later one) is already held.
            unheard += denyList.IsRevoked(null, user.Email, issuedBefore.AddSeconds(-1)) ? 0 : 1;
            denyList.RevokeSubject(user.Email, issuedBefore, new DateTimeOffset(user.KeepUntil, TimeSpan.Zero));
        }
        return (tokens.Count, users.Count, unheard);
    }
}
