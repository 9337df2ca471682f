using McpGateway.Auth.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Auth.OAuth;

/// <summary>
/// Deletes authorization codes and refresh tokens a day after they expired. Until then a replay is still recognised
/// as one (and revokes what was issued); after that, an expired code or token is refused as unknown anyway.
/// </summary>
public sealed class OAuthCleanup(IServiceScopeFactory scopes, TimeProvider time, ILogger<OAuthCleanup> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);
    private static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AuthContext>();
                var cutoff = time.GetUtcNow().UtcDateTime - Retention;
                var codes = await db.OAuthAuthorizationCodes.Where(c => c.ExpiresAt < cutoff).ExecuteDeleteAsync(stoppingToken);
                var refreshTokens = await db.OAuthRefreshTokens.Where(t => t.ExpiresAt < cutoff).ExecuteDeleteAsync(stoppingToken);
                if (codes + refreshTokens > 0)
                {
                    logger.LogInformation("Deleted {Codes} expired authorization codes and {RefreshTokens} expired refresh tokens", codes, refreshTokens);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Deleting expired authorization codes and refresh tokens failed; retrying in {Interval}", Interval);
            }
        }
    }
}
