using System.Collections.Frozen;
using McpGateway.ServiceDefaults.Authorization;
using McpGateway.Teams.Model;
using McpGateway.Teams.Rbac;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Teams.Infrastructure;

/// <summary>Reads the policy's state from the teams service's own tables, which are its source of truth.</summary>
public static class PolicyStateLoader
{
    public static async Task<PolicyState> LoadAsync(TeamsContext db, CancellationToken cancellationToken)
    {
        var teams = await db.Teams.AsNoTracking()
            .Select(t => new { t.Id, t.IsPersonal, t.Visibility, t.CreatedBy }).ToListAsync(cancellationToken);
        var members = await db.TeamMembers.AsNoTracking().Where(m => m.IsActive)
            .Select(m => new { m.TeamId, m.UserEmail, m.Role }).ToListAsync(cancellationToken);
        var roles = await db.Roles.AsNoTracking().ToDictionaryAsync(r => r.Id, StringComparer.Ordinal, cancellationToken);
        var assignments = await db.UserRoles.AsNoTracking().Where(a => a.IsActive).ToListAsync(cancellationToken);
        return new PolicyState(
            teams.Select(t => new TeamFacts(t.Id, t.IsPersonal, t.Visibility == TeamVisibility.Public, Caller.NormalizeEmail(t.CreatedBy))).ToList(),
            members.Select(m => new PolicyState.Membership(m.TeamId, Caller.NormalizeEmail(m.UserEmail), Names.Of(m.Role))).ToList(),
            roles.Values.Select(r => new RoleFacts(r.Id, r.Name, RolePermissions.Effective(r, roles).ToFrozenSet(StringComparer.Ordinal))).ToList(),
            assignments.Select(a => new PolicyState.Assignment(PolicyProjection.PrincipalKey(a.UserEmail),
                new AssignmentFacts(a.Id, a.RoleId, Names.Of(a.Scope), a.ScopeId, a.ExpiresAt))).ToList());
    }
}
