using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Authorization;
using McpGateway.ServiceDefaults.Messaging;
using McpGateway.Teams.Apis;
using McpGateway.Teams.Extensions;
using McpGateway.Teams.Infrastructure;
using McpGateway.Teams.Model;
using McpGateway.Teams.Rbac;
using McpGateway.Teams.Security;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Teams.Teams;

/// <summary>
/// Who is in a team, with which role. The rules: a personal team has only its owner; a team keeps at least one owner
/// (the last cannot leave, be removed or be demoted); a team holds at most its `max_members`; a user belongs to at
/// most MAX_TEAMS_PER_USER teams. Every change is audited and announced.
/// </summary>
public sealed class Memberships(TeamsContext db, Authorizer authorizer, RequestCaller caller, RoleAssignments assignments,
    TeamsSettings settings, TimeProvider time)
{
    public async Task<IReadOnlyList<TeamMemberResponse>> ListAsync(string teamId, int skip, int limit, CancellationToken cancellationToken)
    {
        authorizer.RequireVisibleTeam(teamId);
        await authorizer.RequireAsync(Permissions.TeamsRead, teamId, cancellationToken, "team_member");
        var members = await db.TeamMembers.AsNoTracking().Where(m => m.TeamId == teamId && m.IsActive)
            .OrderBy(m => m.UserEmail).ThenBy(m => m.Id).Skip(skip).Take(limit).ToListAsync(cancellationToken);
        return members.Select(TeamMemberResponse.From).ToList();
    }

    /// <summary>Adds a user directly (an owner or admin; no invitation).</summary>
    public async Task<TeamMemberResponse> AddAsync(string teamId, AddMemberRequest request, CancellationToken cancellationToken)
    {
        var team = await ManageableTeamAsync(teamId, cancellationToken);
        var email = Input.Email("email", request.Email);
        var role = ParseRole(request.Role) ?? TeamRole.Member;
        var member = await JoinAsync(team, email, role, invitedBy: caller.Principal, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return TeamMemberResponse.From(member);
    }

    public async Task<TeamMemberResponse> ChangeRoleAsync(string teamId, string email, UpdateMemberRequest request, CancellationToken cancellationToken)
    {
        var team = await ManageableTeamAsync(teamId, cancellationToken);
        var role = ParseRole(request.Role) ?? throw ProblemException.BadRequest("role", "'role' is 'owner' or 'member'.");
        var member = await MemberAsync(teamId, Input.Email("email", email), cancellationToken);
        if (member.Role == role)
        {
            return TeamMemberResponse.From(member);
        }
        if (member.Role == TeamRole.Owner)
        {
            await RequireAnotherOwnerAsync(team, member, "demoted", cancellationToken);
        }
        member.Role = role;
        authorizer.RecordChange(AuditActions.MemberRoleChanged, Permissions.TeamsManageMembers, teamId, member.UserEmail, "team_member", member.Id, Names.Of(role));
        db.AddIntegrationEvent(new TeamMemberRoleChanged(teamId, member.UserEmail, Names.Of(role)) { OccurredAt = time.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(cancellationToken);
        return TeamMemberResponse.From(member);
    }

    public async Task RemoveAsync(string teamId, string email, CancellationToken cancellationToken)
    {
        var team = await ManageableTeamAsync(teamId, cancellationToken);
        var member = await MemberAsync(teamId, Input.Email("email", email), cancellationToken);
        await StageRemovalAsync(team, member, Permissions.TeamsManageMembers, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The caller leaves a team they are in (not their personal team, and not as its last owner).</summary>
    public async Task LeaveAsync(string teamId, CancellationToken cancellationToken)
    {
        var email = caller.Email;
        authorizer.RequireVisibleTeam(teamId);
        var team = await db.Teams.SingleOrDefaultAsync(t => t.Id == teamId, cancellationToken) ?? throw Authorizer.TeamNotFound();
        if (team.IsPersonal)
        {
            throw ProblemException.Conflict("You cannot leave your personal team.");
        }
        var member = await db.TeamMembers.SingleOrDefaultAsync(m => m.TeamId == teamId && m.UserEmail == email && m.IsActive, cancellationToken)
            ?? throw ProblemException.Conflict("You are not a member of this team.");
        await StageRemovalAsync(team, member, Permissions.TeamsRead, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Stages <paramref name="email"/> joining <paramref name="team"/> after checking every membership rule (the caller
    /// saves). Used by direct adds, accepted invitations and approved join requests alike.
    /// </summary>
    public async Task<TeamMember> JoinAsync(Team team, string email, TeamRole role, string? invitedBy, CancellationToken cancellationToken)
    {
        if (team.IsPersonal)
        {
            throw ProblemException.Conflict("A personal team has only its owner; nobody can join it.");
        }
        if (await db.TeamMembers.AnyAsync(m => m.TeamId == team.Id && m.UserEmail == email, cancellationToken))
        {
            throw ProblemException.Conflict($"{email} is already a member of this team.");
        }
        var limit = team.MaxMembers ?? settings.MaxMembersPerTeam;
        if (await db.TeamMembers.CountAsync(m => m.TeamId == team.Id && m.IsActive, cancellationToken) >= limit)
        {
            throw ProblemException.Conflict($"The team is full: it has reached its limit of {limit} members.");
        }
        await RequireRoomForAnotherTeamAsync(email, cancellationToken);
        return Stage(team, email, role, invitedBy);
    }

    /// <summary>409 when <paramref name="email"/> already belongs to MAX_TEAMS_PER_USER teams.</summary>
    public async Task RequireRoomForAnotherTeamAsync(string email, CancellationToken cancellationToken)
    {
        if (await db.TeamMembers.CountAsync(m => m.UserEmail == email && m.IsActive, cancellationToken) >= settings.MaxTeamsPerUser)
        {
            throw ProblemException.Conflict($"{email} already belongs to {settings.MaxTeamsPerUser} teams, the most one user may (MAX_TEAMS_PER_USER).");
        }
    }

    /// <summary>Adds the membership, its audit entry and its event to the context, with no checks (the caller saves).</summary>
    public TeamMember Stage(Team team, string email, TeamRole role, string? invitedBy)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var member = new TeamMember { TeamId = team.Id, Team = team, UserEmail = email, Role = role, InvitedBy = invitedBy, JoinedAt = now };
        db.TeamMembers.Add(member);
        authorizer.RecordChange(AuditActions.MemberAdded, Permissions.TeamsManageMembers, team.Id, email, "team_member", member.Id, Names.Of(role));
        db.AddIntegrationEvent(new TeamMemberAdded(team.Id, email, Names.Of(role)) { OccurredAt = now });
        return member;
    }

    private async Task StageRemovalAsync(Team team, TeamMember member, string permission, CancellationToken cancellationToken)
    {
        if (team.IsPersonal)
        {
            throw ProblemException.Conflict("The owner of a personal team cannot be removed from it.");
        }
        if (member.Role == TeamRole.Owner)
        {
            await RequireAnotherOwnerAsync(team, member, "removed", cancellationToken);
        }
        // What was granted in the team goes with the membership, so a former member keeps no rights there.
        await assignments.StageRevokeInTeamAsync(member.UserEmail, team.Id, cancellationToken);
        db.TeamMembers.Remove(member);
        authorizer.RecordChange(AuditActions.MemberRemoved, permission, team.Id, member.UserEmail, "team_member", member.Id, Names.Of(member.Role));
        db.AddIntegrationEvent(new TeamMemberRemoved(team.Id, member.UserEmail) { OccurredAt = time.GetUtcNow().UtcDateTime });
    }

    private async Task RequireAnotherOwnerAsync(Team team, TeamMember owner, string what, CancellationToken cancellationToken)
    {
        if (!await db.TeamMembers.AnyAsync(m => m.TeamId == team.Id && m.Role == TeamRole.Owner && m.IsActive && m.Id != owner.Id, cancellationToken))
        {
            throw ProblemException.Conflict($"The last owner of a team cannot be {what}; make another member an owner first.");
        }
    }

    /// <summary>The team, if the caller sees it (else 404) and may manage its members (else 403).</summary>
    private async Task<Team> ManageableTeamAsync(string teamId, CancellationToken cancellationToken)
    {
        authorizer.RequireVisibleTeam(teamId);
        await authorizer.RequireAsync(Permissions.TeamsManageMembers, teamId, cancellationToken, "team_member");
        var team = await db.Teams.SingleOrDefaultAsync(t => t.Id == teamId, cancellationToken) ?? throw Authorizer.TeamNotFound();
        return team.IsPersonal ? throw ProblemException.Conflict("A personal team has only its owner; its members cannot change.") : team;
    }

    private async Task<TeamMember> MemberAsync(string teamId, string email, CancellationToken cancellationToken) =>
        await db.TeamMembers.SingleOrDefaultAsync(m => m.TeamId == teamId && m.UserEmail == email && m.IsActive, cancellationToken)
            ?? throw ProblemException.NotFound($"{email} is not a member of this team.");

    public static TeamRole? ParseRole(string? text) =>
        text is null ? null : Names.Parse<TeamRole>(text) ?? throw ProblemException.BadRequest("role", "'role' is 'owner' or 'member'.");
}
