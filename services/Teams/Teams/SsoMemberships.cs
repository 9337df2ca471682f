using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Authorization;
using McpGateway.ServiceDefaults.Messaging;
using McpGateway.Teams.Extensions;
using McpGateway.Teams.Infrastructure;
using McpGateway.Teams.Model;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Teams.Teams;

/// <summary>
/// Keeps a user's team memberships in step with what an identity provider's groups map to (<see cref="SsoMembershipsAsserted"/>),
/// at each sign-in through it:
/// <list type="bullet">
/// <item>a mapped team the user is not in: joined with the mapped role, marked as granted by the provider (`sso:{provider}`);</item>
/// <item>a membership the provider granted: its role follows the mapping; removed once the provider no longer asserts it;</item>
/// <item>memberships granted by hand, personal teams and unknown teams are never touched (an unknown team is logged, not created);</item>
/// <item>the last owner of a team is neither demoted nor removed (logged and skipped), as everywhere else.</item>
/// </list>
/// Idempotent: the same assertion again changes nothing.
/// </summary>
public sealed class SsoMemberships(TeamsContext db, TimeProvider time, ILogger<SsoMemberships> logger)
{
    public static string SourceOf(string provider) => $"sso:{provider}";

    public async Task ReconcileAsync(SsoMembershipsAsserted asserted, CancellationToken cancellationToken)
    {
        var email = Caller.NormalizeEmail(asserted.Email);
        var source = SourceOf(asserted.Provider);
        var now = time.GetUtcNow().UtcDateTime;
        var wanted = new Dictionary<string, TeamRole>(StringComparer.Ordinal);
        // An event from an older producer without the list asserts nothing: a full removal needs an explicit empty list.
        if (asserted.Memberships is null)
        {
            return;
        }
        foreach (var membership in asserted.Memberships)
        {
            var team = await db.Teams.SingleOrDefaultAsync(t => t.Id == membership.Team || t.Slug == membership.Team, cancellationToken);
            if (team is null || team.IsPersonal)
            {
                logger.LogWarning("SSO provider {Provider} maps {Email} to team {Team}, which does not exist (or is personal); skipped",
                    asserted.Provider, email, membership.Team);
                continue;
            }
            var role = Names.Parse<TeamRole>(membership.Role) ?? TeamRole.Member;
            // Two groups mapping to one team: the stronger role wins.
            wanted[team.Id] = wanted.TryGetValue(team.Id, out var other) && other == TeamRole.Owner ? TeamRole.Owner : role;
        }

        var current = await db.TeamMembers.Include(m => m.Team).Where(m => m.UserEmail == email).ToListAsync(cancellationToken);
        foreach (var (teamId, role) in wanted)
        {
            var member = current.SingleOrDefault(m => m.TeamId == teamId);
            if (member is null)
            {
                member = new TeamMember { TeamId = teamId, UserEmail = email, Role = role, InvitedBy = source, JoinedAt = now, Source = source };
                db.TeamMembers.Add(member);
                db.AddIntegrationEvent(new TeamMemberAdded(teamId, email, Names.Of(role)) { OccurredAt = now });
                Audit(source, AuditActions.MemberAdded, teamId, email, member.Id, Names.Of(role), now);
            }
            else if (member.Source == source && member.Role != role)
            {
                if (member.Role == TeamRole.Owner && await IsLastOwnerAsync(member, cancellationToken))
                {
                    logger.LogWarning("{Email} is the last owner of team {TeamId}; provider {Provider} would demote them; skipped", email, teamId, asserted.Provider);
                    continue;
                }
                member.Role = role;
                db.AddIntegrationEvent(new TeamMemberRoleChanged(teamId, email, Names.Of(role)) { OccurredAt = now });
                Audit(source, AuditActions.MemberRoleChanged, teamId, email, member.Id, Names.Of(role), now);
            }
        }
        foreach (var member in current.Where(m => m.Source == source && !wanted.ContainsKey(m.TeamId) && m.Team is { IsPersonal: false }))
        {
            if (member.Role == TeamRole.Owner && await IsLastOwnerAsync(member, cancellationToken))
            {
                logger.LogWarning("{Email} is the last owner of team {TeamId}; provider {Provider} no longer asserts it; kept", email, member.TeamId, asserted.Provider);
                continue;
            }
            foreach (var grant in await db.UserRoles.Where(a => a.UserEmail == email && a.Scope == RoleScope.Team && a.ScopeId == member.TeamId).ToListAsync(cancellationToken))
            {
                db.UserRoles.Remove(grant);
                db.AddIntegrationEvent(new RoleRevoked(grant.Id, email, grant.RoleId, Names.Of(grant.Scope), grant.ScopeId) { OccurredAt = now });
            }
            db.TeamMembers.Remove(member);
            db.AddIntegrationEvent(new TeamMemberRemoved(member.TeamId, email) { OccurredAt = now });
            Audit(source, AuditActions.MemberRemoved, member.TeamId, email, member.Id, Names.Of(member.Role), now);
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private Task<bool> IsLastOwnerAsync(TeamMember owner, CancellationToken cancellationToken) =>
        db.TeamMembers.AllAsync(m => m.TeamId != owner.TeamId || m.Id == owner.Id || m.Role != TeamRole.Owner || !m.IsActive, cancellationToken);

    private void Audit(string source, string action, string teamId, string target, string memberId, string role, DateTime now) =>
        db.PermissionAuditLog.Add(new PermissionAuditEntry
        {
            Timestamp = now, UserEmail = source, Action = action, Permission = Permissions.TeamsManageMembers, TargetEmail = target,
            TeamId = teamId, ResourceType = "team_member", ResourceId = memberId, Granted = true, RolesChecked = $"[\"{role}\"]",
        });
}
