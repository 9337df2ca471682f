using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Messaging;
using McpGateway.ServiceDefaults.Messaging.Resync;
using McpGateway.Teams.Infrastructure;
using McpGateway.Teams.Model;
using McpGateway.Teams.Rbac;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Teams.IntegrationEvents;

/// <summary>
/// The teams service's state for a service that asks: every team, membership and role assignment, as the events that
/// made them, so a newly deployed service decides on the same projection as everyone else.
/// </summary>
internal sealed class TeamsAnnouncer(TeamsContext db, TimeProvider time) : IStateAnnouncer
{
    public async Task AnnounceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var teams = await db.Teams.AsNoTracking().OrderBy(t => t.CreatedAt).ThenBy(t => t.Id).ToListAsync(cancellationToken);
        foreach (var team in teams)
        {
            db.AddIntegrationEvent(new TeamCreated(team.Id, team.Name, team.Slug, team.IsPersonal, Names.Of(team.Visibility), team.CreatedBy) { OccurredAt = now });
        }
        var members = await db.TeamMembers.AsNoTracking().Where(m => m.IsActive).OrderBy(m => m.JoinedAt).ThenBy(m => m.Id).ToListAsync(cancellationToken);
        foreach (var member in members)
        {
            db.AddIntegrationEvent(new TeamMemberAdded(member.TeamId, member.UserEmail, Names.Of(member.Role)) { OccurredAt = now });
        }
        var roles = await db.Roles.AsNoTracking().ToDictionaryAsync(r => r.Id, StringComparer.Ordinal, cancellationToken);
        var assignments = await db.UserRoles.AsNoTracking().Where(a => a.IsActive).OrderBy(a => a.GrantedAt).ThenBy(a => a.Id).ToListAsync(cancellationToken);
        foreach (var assignment in assignments.Where(a => roles.ContainsKey(a.RoleId)))
        {
            var role = roles[assignment.RoleId];
            db.AddIntegrationEvent(new RoleAssigned(assignment.Id, assignment.UserEmail, role.Id, role.Name, Names.Of(assignment.Scope),
                assignment.ScopeId, RolePermissions.Effective(role, roles), assignment.ExpiresAt) { OccurredAt = now });
        }
    }
}
