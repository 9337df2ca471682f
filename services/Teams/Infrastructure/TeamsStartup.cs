using McpGateway.ServiceDefaults.Authorization;
using McpGateway.Teams.Teams;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Teams.Infrastructure;

/// <summary>
/// Before the service takes requests (hosted services start before the server listens): seed, give every known user
/// without one a personal team (accounts announced before personal teams existed), then load the policy projection
/// from the tables, so the first decision already knows every team, membership and grant.
/// </summary>
internal sealed class TeamsStartup(IServiceScopeFactory scopes, PolicyProjection projection, ILogger<TeamsStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TeamsSeed>().RunAsync(cancellationToken);
        var db = scope.ServiceProvider.GetRequiredService<TeamsContext>();
        var withoutTeam = await db.Users.AsNoTracking()
            .Where(u => u.IsActive && !db.Teams.Any(t => t.IsPersonal && t.CreatedBy == u.Email))
            .Select(u => new { u.Email, u.FullName }).ToListAsync(cancellationToken);
        if (withoutTeam.Count > 0)
        {
            var created = await scope.ServiceProvider.GetRequiredService<PersonalTeams>()
                .BackfillAsync(withoutTeam.Select(u => (u.Email, u.FullName)), cancellationToken);
            logger.LogInformation("Created {Count} personal teams for users who had none", created);
        }
        var state = await PolicyStateLoader.LoadAsync(db, cancellationToken);
        projection.Load(state);
        logger.LogInformation("Policy projection loaded: {Teams} teams, {Memberships} memberships, {Roles} roles, {Assignments} role assignments",
            state.Teams.Count, state.Memberships.Count, state.Roles.Count, state.Assignments.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
