using System.Security.Cryptography;
using System.Text;
using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Messaging.Inbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace McpGateway.ServiceDefaults.Messaging.Resync;

/// <summary>
/// On a start with an empty inbox (this service never consumed an event: its first start, or its database was
/// replaced), asks the producers to announce their state again (<see cref="ResyncRequested"/>), so what was published
/// before this service's queue existed - the first users, teams made while it was not deployed - still reaches it.
/// Registered after the transport, so the queue exists before the answer is published.
/// </summary>
public sealed class ResyncRequester<TContext>(IServiceScopeFactory scopes, MessagingSettings settings, TimeProvider time, ILogger<ResyncRequester<TContext>> logger)
    : IHostedService where TContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        if (await db.Set<InboxMessage>().AnyAsync(cancellationToken))
        {
            return;
        }
        var today = time.GetUtcNow().UtcDateTime.Date;
        db.AddIntegrationEvent(new ResyncRequested(settings.Queue) { EventId = RequestId(settings.Queue, today) });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Asked the other services to announce their state again: this service has consumed no event yet");
        }
        catch (DbUpdateException)
        {
            // Another replica of this service asked today already (the same event id).
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The same id for every replica of a service on a given day: producers answer the first and skip the others.</summary>
    public static Guid RequestId(string service, DateTime day) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"resync:{service}:{day:yyyy-MM-dd}")).AsSpan(0, 16));
}
