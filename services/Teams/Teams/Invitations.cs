using System.Security.Cryptography;
using System.Text;
using McpGateway.ServiceDefaults.Authorization;
using McpGateway.Teams.Apis;
using McpGateway.Teams.Extensions;
using McpGateway.Teams.Infrastructure;
using McpGateway.Teams.Model;
using McpGateway.Teams.Security;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Teams.Teams;

/// <summary>
/// Invitations by email: a one-time token, shown once to whoever invites (to send on), stored only as its SHA-256,
/// valid for INVITATION_EXPIRY_DAYS and only for the invited address.
/// </summary>
public sealed class Invitations(TeamsContext db, Authorizer authorizer, RequestCaller caller, Memberships memberships,
    TeamDirectory directory, TeamsSettings settings, TimeProvider time)
{
    public async Task<InvitationResponse> InviteAsync(string teamId, InviteRequest request, CancellationToken cancellationToken)
    {
        var team = await ManagedTeamAsync(teamId, cancellationToken);
        if (team.IsPersonal)
        {
            throw ProblemException.Conflict("A personal team has only its owner; nobody can be invited to it.");
        }
        var email = Input.Email("email", request.Email);
        var role = Memberships.ParseRole(request.Role) ?? TeamRole.Member;
        if (await db.TeamMembers.AnyAsync(m => m.TeamId == teamId && m.UserEmail == email, cancellationToken))
        {
            throw ProblemException.Conflict($"{email} is already a member of this team.");
        }
        // One open invitation per address and team: a new one replaces the old, whose token stops working.
        await db.TeamInvitations.Where(i => i.TeamId == teamId && i.Email == email && i.IsActive)
            .ForEachAsync(i => i.IsActive = false, cancellationToken);

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = time.GetUtcNow().UtcDateTime;
        var invitation = new TeamInvitation
        {
            TeamId = teamId, Email = email, Role = role, InvitedBy = caller.Principal, InvitedAt = now,
            ExpiresAt = now.AddDays(settings.InvitationExpiryDays), TokenHash = Hash(token),
        };
        db.TeamInvitations.Add(invitation);
        await db.SaveChangesAsync(cancellationToken);
        return Response(invitation, team.Name, token, now);
    }

    /// <summary>The invited user joins with the invited role; the token cannot be used again.</summary>
    public async Task<TeamMemberResponse> AcceptAsync(string token, CancellationToken cancellationToken)
    {
        var email = caller.Email;
        var now = time.GetUtcNow().UtcDateTime;
        var hash = Hash(token);
        var invitation = await db.TeamInvitations.Include(i => i.Team).SingleOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
        if (invitation is not { IsActive: true, Team: not null } || invitation.ExpiresAt <= now)
        {
            throw ProblemException.NotFound("No such invitation, or it has expired or been used.");
        }
        if (invitation.Email != email)
        {
            throw ProblemException.Forbidden("This invitation was sent to another address; sign in as the invited user to accept it.");
        }
        var member = await memberships.JoinAsync(invitation.Team, email, invitation.Role, invitation.InvitedBy, cancellationToken);
        invitation.IsActive = false;
        invitation.AcceptedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return TeamMemberResponse.From(member);
    }

    /// <summary>The team's open invitations (active, unexpired), newest first, for those who manage its members; never their tokens.</summary>
    public async Task<IReadOnlyList<InvitationResponse>> ListAsync(string teamId, int skip, int limit, CancellationToken cancellationToken)
    {
        var team = await ManagedTeamAsync(teamId, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var invitations = await db.TeamInvitations.AsNoTracking()
            .Where(i => i.TeamId == teamId && i.IsActive && i.ExpiresAt > now)
            .OrderByDescending(i => i.InvitedAt).ThenBy(i => i.Id).Skip(skip).Take(limit).ToListAsync(cancellationToken);
        return invitations.Select(i => Response(i, team.Name, token: null, now)).ToList();
    }

    /// <summary>Revokes an open invitation: its token stops working at once.</summary>
    public async Task<InvitationResponse> RevokeAsync(string teamId, string invitationId, CancellationToken cancellationToken)
    {
        var team = await ManagedTeamAsync(teamId, cancellationToken);
        var invitation = await db.TeamInvitations.SingleOrDefaultAsync(i => i.Id == invitationId && i.TeamId == teamId && i.IsActive, cancellationToken)
            ?? throw ProblemException.NotFound("No open invitation with this id in this team (it may have been accepted, replaced or revoked).");
        invitation.IsActive = false;
        await db.SaveChangesAsync(cancellationToken);
        return Response(invitation, team.Name, token: null, time.GetUtcNow().UtcDateTime);
    }

    /// <summary>The team, when the caller may see it and manage its members (404 or 403 otherwise).</summary>
    private async Task<Team> ManagedTeamAsync(string teamId, CancellationToken cancellationToken)
    {
        authorizer.RequireVisibleTeam(teamId);
        await authorizer.RequireAsync(Permissions.TeamsManageMembers, teamId, cancellationToken, "team_invitation");
        return await directory.FindAsync(teamId, cancellationToken);
    }

    /// <summary>How a token is stored: the hex SHA-256 of its text.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static InvitationResponse Response(TeamInvitation invitation, string teamName, string? token, DateTime now) => new(
        invitation.Id, invitation.TeamId, teamName, invitation.Email, Names.Of(invitation.Role), invitation.InvitedBy,
        invitation.InvitedAt, invitation.ExpiresAt, token, invitation.IsActive, invitation.ExpiresAt <= now);
}
