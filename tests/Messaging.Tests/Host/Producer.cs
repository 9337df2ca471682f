using System.Diagnostics;
using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Messaging;
using McpGateway.ServiceDefaults.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Messaging.TestHost;

/// <summary>
/// What the producer role does: <c>--produce</c> users, each with its UserCreated in the same transaction, at
/// <c>--rate</c> events per second (0: flat out), <c>--per-transaction</c> users per transaction (default 1).
/// </summary>
public sealed record ProducerOptions(int Count, double Rate, string Prefix, bool ExitWhenRelayed, int PerTransaction = 1);

/// <summary>Creates the users, then (with <c>--exit-when-relayed</c>) stops the host once the outbox has nothing pending.</summary>
public sealed class Producer(IServiceScopeFactory scopes, ProducerOptions options, IHostApplicationLifetime lifetime, ILogger<Producer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < options.Count && !stoppingToken.IsCancellationRequested; i += options.PerTransaction)
        {
            if (options.Rate > 0 && TimeSpan.FromSeconds(i / options.Rate) - clock.Elapsed is { } ahead && ahead > TimeSpan.Zero)
            {
                await Task.Delay(ahead, stoppingToken);
            }
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<HostContext>();
            for (var j = i; j < Math.Min(i + options.PerTransaction, options.Count); j++)
            {
                var email = $"{options.Prefix}{j:D6}@example.com";
                var now = DateTime.UtcNow;
                db.ProducedUsers.Add(new ProducedUser { Email = email, CreatedAt = now });
                db.AddIntegrationEvent(new UserCreated(email, null, false, "local") { OccurredAt = now });
            }
            await db.SaveChangesAsync(stoppingToken);
        }
        logger.LogInformation("produced {Count} in {Seconds:F2} s", options.Count, clock.Elapsed.TotalSeconds);
        Console.WriteLine($"PRODUCED {options.Count}");
        if (!options.ExitWhenRelayed)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            await using var scope = scopes.CreateAsyncScope();
            if (!await scope.ServiceProvider.GetRequiredService<HostContext>().Set<OutboxMessage>().AnyAsync(m => m.DispatchedAt == null, stoppingToken))
            {
                Console.WriteLine("RELAYED");
                lifetime.StopApplication();
                return;
            }
            await Task.Delay(50, stoppingToken);
        }
    }
}
