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
/// <item>the limits hold as for memberships made by hand: a join past MAX_MEMBERS_PER_TEAM (or the team's `max_members`)
/// or MAX_TEAMS_PER_USER is skipped, logged and audited as refused, while the rest of the assertion applies; removals
/// come first, so a user moved from one mapped team to another at their limit gets the new one;</item>
/// <item>the last owner of a team is neither demoted nor removed (logged and skipped), as everywhere else.</item>
/// </list>
/// Idempotent: the same assertion again changes nothing. Each reconciliation is saved in one transaction: all of it or none.
/// A deleted provider (<see cref="SsoProviderDeleted"/>) takes every membership it granted away, the same way.
/// </summary>
public sealed class SsoMemberships(TeamsContext db, TeamsSettings settings, TimeProvider time, ILogger<SsoMemberships> logger)
{
    public static string SourceOf(string provider) => $"sso:{provider}";

    public async Task ReconcileAsync(SsoMembershipsAsserted asserted, CancellationToken cancellationToken)
    {
        // An event from an older producer without the list asserts nothing: a full removal needs an explicit empty list.
        if (asserted.Memberships is null)
        {
            return;
        }
        var email = Caller.NormalizeEmail(asserted.Email);
        var source = SourceOf(asserted.Provider);
        var now = time.GetUtcNow().UtcDateTime;
        var wanted = new Dictionary<string, (Team Team, TeamRole Role)>(StringComparer.Ordinal);
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
            wanted[team.Id] = (team, wanted.TryGetValue(team.Id, out var other) && other.Role == TeamRole.Owner ? TeamRole.Owner : role);
        }

        var current = await db.TeamMembers.Include(m => m.Team).Where(m => m.UserEmail == email).ToListAsync(cancellationToken);
        var removed = 0;
        foreach (var member in current.Where(m => m.Source == source && !wanted.ContainsKey(m.TeamId) && m.Team is { IsPersonal: false }))
        {
            removed += await StageRemovalAsync(member, source, "no longer asserts it", now, cancellationToken) ? 1 : 0;
        }
        var teamsOfUser = current.Count(m => m.IsActive) - removed;
        foreach (var (teamId, (team, role)) in wanted)
        {
            var member = current.SingleOrDefault(m => m.TeamId == teamId);
            if (member is null)
            {
                if (await RefusalAsync(team, email, teamsOfUser, cancellationToken) is { } refusal)
                {
                    logger.LogWarning("SSO provider {Provider} maps {Email} to team {TeamId}, but {Refusal}; skipped", asserted.Provider, email, teamId, refusal);
                    Audit(source, AuditActions.MemberAdded, teamId, email, resourceId: null, Names.Of(role), now, granted: false);
                    continue;
                }
                member = new TeamMember { TeamId = teamId, UserEmail = email, Role = role, InvitedBy = source, JoinedAt = now, Source = source };
                db.TeamMembers.Add(member);
                teamsOfUser++;
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
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>A provider was deleted: every membership it granted goes (hand-made ones stay; a last owner stays, logged).</summary>
    public async Task RevokeAllAsync(SsoProviderDeleted deleted, CancellationToken cancellationToken)
    {
        var source = SourceOf(deleted.Provider);
        var now = time.GetUtcNow().UtcDateTime;
        var granted = await db.TeamMembers.Include(m => m.Team).Where(m => m.Source == source).ToListAsync(cancellationToken);
        foreach (var member in granted.Where(m => m.Team is { IsPersonal: false }))
        {
            await StageRemovalAsync(member, source, "was deleted", now, cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Why <paramref name="email"/> may not join <paramref name="team"/> now (the limits of <see cref="Memberships.JoinAsync"/>), or null.</summary>
    private async Task<string?> RefusalAsync(Team team, string email, int teamsOfUser, CancellationToken cancellationToken)
    {
        if (teamsOfUser >= settings.MaxTeamsPerUser)
        {
            return $"{email} already belongs to {settings.MaxTeamsPerUser} teams (MAX_TEAMS_PER_USER)";
        }
        var limit = team.MaxMembers ?? settings.MaxMembersPerTeam;
        return await db.TeamMembers.CountAsync(m => m.TeamId == team.Id && m.IsActive, cancellationToken) >= limit
            ? $"the team is full ({limit} members)"
            : null;
    }

    /// <summary>Stages the removal of a membership the provider granted, with its team-scoped roles; false when it is the team's last owner.</summary>
    private async Task<bool> StageRemovalAsync(TeamMember member, string source, string why, DateTime now, CancellationToken cancellationToken)
    {
        var email = member.UserEmail;
        if (member.Role == TeamRole.Owner && await IsLastOwnerAsync(member, cancellationToken))
        {
            logger.LogWarning("{Email} is the last owner of team {TeamId}; provider {Source} {Why}; kept", email, member.TeamId, source, why);
            return false;
        }
        foreach (var grant in await db.UserRoles.Where(a => a.UserEmail == email && a.Scope == RoleScope.Team && a.ScopeId == member.TeamId).ToListAsync(cancellationToken))
        {
            db.UserRoles.Remove(grant);
            db.AddIntegrationEvent(new RoleRevoked(grant.Id, email, grant.RoleId, Names.Of(grant.Scope), grant.ScopeId) { OccurredAt = now });
        }
        db.TeamMembers.Remove(member);
        db.AddIntegrationEvent(new TeamMemberRemoved(member.TeamId, email) { OccurredAt = now });
        Audit(source, AuditActions.MemberRemoved, member.TeamId, email, member.Id, Names.Of(member.Role), now);
        return true;
    }

    private Task<bool> IsLastOwnerAsync(TeamMember owner, CancellationToken cancellationToken) =>
        db.TeamMembers.AllAsync(m => m.TeamId != owner.TeamId || m.Id == owner.Id || m.Role != TeamRole.Owner || !m.IsActive, cancellationToken);

    private void Audit(string source, string action, string teamId, string target, string? resourceId, string role, DateTime now, bool granted = true) =>
        db.PermissionAuditLog.Add(new PermissionAuditEntry
        {
            Timestamp = now, UserEmail = source, Action = action, Permission = Permissions.TeamsManageMembers, TargetEmail = target,
            TeamId = teamId, ResourceType = "team_member", ResourceId = resourceId, Granted = granted, RolesChecked = $"[\"{role}\"]",
        });
}
