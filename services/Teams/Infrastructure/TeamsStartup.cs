using McpGateway.ServiceDefaults.Authorization;

namespace McpGateway.Teams.Infrastructure;

/// <summary>
/// Before the service takes requests (hosted services start before the server listens): seed, then load the policy
/// projection from the tables, so the first decision already knows every team, membership and grant.
/// </summary>
internal sealed class TeamsStartup(IServiceScopeFactory scopes, PolicyProjection projection, ILogger<TeamsStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TeamsSeed>().RunAsync(cancellationToken);
        var state = await PolicyStateLoader.LoadAsync(scope.ServiceProvider.GetRequiredService<TeamsContext>(), cancellationToken);
        projection.Load(state);
        logger.LogInformation("Policy projection loaded: {Teams} teams, {Memberships} memberships, {Roles} roles, {Assignments} role assignments",
            state.Teams.Count, state.Memberships.Count, state.Roles.Count, state.Assignments.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
