using McpGateway.ServiceDefaults.Messaging.Inbox;
using McpGateway.ServiceDefaults.Messaging.Outbox;
using McpGateway.ServiceDefaults.Messaging.Revocations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace McpGateway.ServiceDefaults.Messaging;

/// <summary>
/// Prunes, every few minutes: relayed outbox rows older than <see cref="MessagingSettings.OutboxRetention"/>, inbox rows
/// older than <see cref="MessagingSettings.InboxRetention"/>, and deny-list entries whose tokens have all expired.
/// Any replica may do it; the deletes are idempotent.
/// </summary>
public sealed class MessagingCleanup<TContext>(IServiceScopeFactory scopes, MessagingSettings settings, TimeProvider time, ILogger<MessagingCleanup<TContext>> logger)
    : BackgroundService where TContext : DbContext
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // A first pass soon after start, then every interval.
            await Task.Delay(TimeSpan.FromSeconds(30), time, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await PruneAsync(stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(e, "Pruning the messaging tables failed; trying again in {Minutes} minutes", Interval.TotalMinutes);
                }
                await Task.Delay(Interval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>One pass; returns how many rows it removed.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var relayedBefore = now - settings.OutboxRetention;
        var processedBefore = now - settings.InboxRetention;
        var expiredBefore = now - Authentication.TokenDenyList.RetentionAfterExpiry;
        var removed = await db.Set<OutboxMessage>().Where(m => m.DispatchedAt != null && m.DispatchedAt < relayedBefore).ExecuteDeleteAsync(cancellationToken)
            + await db.Set<InboxMessage>().Where(m => m.ProcessedAt < processedBefore).ExecuteDeleteAsync(cancellationToken)
            + await db.Set<DeniedToken>().Where(t => t.ExpiresAt != null && t.ExpiresAt < expiredBefore).ExecuteDeleteAsync(cancellationToken)
            + await db.Set<DeniedUser>().Where(u => u.KeepUntil < now).ExecuteDeleteAsync(cancellationToken);
        if (removed > 0)
        {
            logger.LogInformation("Pruned {Count} relayed, processed or expired messaging rows", removed);
        }
        return removed;
    }
}
