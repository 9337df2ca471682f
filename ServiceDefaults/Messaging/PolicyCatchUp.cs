using McpGateway.ServiceDefaults.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace McpGateway.ServiceDefaults.Messaging;

/// <summary>
/// Closes a replica's start-up window in its policy: the replica loads its <see cref="PolicyProjection"/> before its own
/// queue exists, so a change published in between reaches only its service's database. Once that queue listens
/// (<see cref="ReplicaListening"/>), and <see cref="MessagingSettings.PolicyCatchUpDelay"/> later (for the service's
/// queue consumer to store what was published before), it reads the state again and <see cref="PolicyProjection.CatchUp"/>
/// re-applies what the replica heard meanwhile. Retried until it succeeds.
/// </summary>
public sealed class PolicyCatchUp(IServiceProvider services, PolicyProjection projection, Func<IServiceProvider, CancellationToken, Task<PolicyState>> read,
    ReplicaListening listening, MessagingSettings settings, TimeProvider time, ILogger<PolicyCatchUp> logger) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await listening.Task.WaitAsync(stoppingToken);
            await Task.Delay(settings.PolicyCatchUpDelay, time, stoppingToken);
            while (true)
            {
                try
                {
                    await using var scope = services.CreateAsyncScope();
                    var state = await read(scope.ServiceProvider, stoppingToken);
                    var heard = projection.CatchUp(state);
                    logger.LogInformation("Policy caught up with the database once this replica listened; {Heard} events heard since start-up applied again", heard);
                    return;
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(e, "Catching the policy up with the database failed; trying again in {Seconds} s", Poll.TotalSeconds);
                    await Task.Delay(Poll, time, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

public static class PolicyCatchUpExtensions
{
    /// <summary>Registers <see cref="PolicyCatchUp"/>; <paramref name="read"/> reads the state the service loaded its projection from.</summary>
    public static IServiceCollection AddPolicyCatchUp(this IServiceCollection services, Func<IServiceProvider, CancellationToken, Task<PolicyState>> read) =>
        services.AddHostedService(provider => ActivatorUtilities.CreateInstance<PolicyCatchUp>(provider, read));
}
