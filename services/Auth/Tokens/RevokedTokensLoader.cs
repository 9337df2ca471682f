using McpGateway.Auth.Infrastructure;
using McpGateway.ServiceDefaults.Authentication;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Auth.Tokens;

/// <summary>
/// At start-up (after migrations, before serving), puts every revoked token that has not expired yet on this process's
/// deny-list, so a restart forgets no revocation.
/// </summary>
public sealed class RevokedTokensLoader(IServiceScopeFactory scopes, TokenDenyList denyList, TimeProvider time, ILogger<RevokedTokensLoader> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var revoked = await scope.ServiceProvider.GetRequiredService<AuthContext>().TokenRevocations.AsNoTracking()
            .Where(r => r.ExpiresAt == null || r.ExpiresAt > now)
            .Select(r => new { r.Jti, r.ExpiresAt })
            .ToListAsync(cancellationToken);
        foreach (var entry in revoked)
        {
            denyList.Revoke(entry.Jti, entry.ExpiresAt is { } expires ? new DateTimeOffset(expires, TimeSpan.Zero) : DateTimeOffset.MaxValue);
        }
        logger.LogInformation("Loaded {Count} revoked, unexpired tokens into the deny-list", revoked.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
