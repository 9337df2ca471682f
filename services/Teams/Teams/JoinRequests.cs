using McpGateway.ServiceDefaults.Authorization;
using McpGateway.Teams.Apis;
using McpGateway.Teams.Extensions;
using McpGateway.Teams.Infrastructure;
using McpGateway.Teams.Model;
using McpGateway.Teams.Security;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Teams.Teams;

/// <summary>Asking to join a public team, and its owners approving or rejecting the request.</summary>
public sealed class JoinRequests(TeamsContext db, Authorizer authorizer, RequestCaller caller, Memberships memberships,
    TeamDirectory directory, TeamsSettings settings, TimeProvider time)
{
    public const int MaxMessageLength = 500;

    public async Task<JoinRequestResponse> RequestAsync(string teamId, JoinTeamRequest? request, CancellationToken cancellationToken)
    {
        var email = caller.Email;
        authorizer.RequireVisibleTeam(teamId);
        await authorizer.RequireAsync(Permissions.TeamsJoin, null, cancellationToken, "team", teamId);
        var team = await directory.FindAsync(teamId, cancellationToken);
        var message = Input.Text("message", request?.Message, MaxMessageLength, multiline: true);
        if (await db.TeamMembers.AnyAsync(m => m.TeamId == teamId && m.UserEmail == email, cancellationToken))
        {
            throw ProblemException.Conflict("You are already a member of this team.");
        }
        if (team.Visibility != TeamVisibility.Public || team.IsPersonal)
        {
            throw ProblemException.Conflict("Only public teams take join requests; a private team is joined by invitation.");
        }
        var now = time.GetUtcNow().UtcDateTime;
        if (await db.TeamJoinRequests.AnyAsync(r => r.TeamId == teamId && r.UserEmail == email && r.Status == JoinRequestStatus.Pending && r.ExpiresAt > now, cancellationToken))
        {
            throw ProblemException.Conflict("You already asked to join this team; wait for its owners to answer.");
        }
        var joinRequest = new TeamJoinRequest
        {
            TeamId = teamId, UserEmail = email, Message = message, RequestedAt = now, ExpiresAt = now.AddDays(settings.JoinRequestExpiryDays),
        };
        db.TeamJoinRequests.Add(joinRequest);
        await db.SaveChangesAsync(cancellationToken);
        return JoinRequestResponse.From(joinRequest, team.Name);
    }

    /// <summary>The team's pending (unexpired) requests, oldest first.</summary>
    public async Task<IReadOnlyList<JoinRequestResponse>> ListAsync(string teamId, int skip, int limit, CancellationToken cancellationToken)
    {
        var team = await ReviewableTeamAsync(teamId, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var requests = await db.TeamJoinRequests.AsNoTracking()
            .Where(r => r.TeamId == teamId && r.Status == JoinRequestStatus.Pending && r.ExpiresAt > now)
            .OrderBy(r => r.RequestedAt).ThenBy(r => r.Id).Skip(skip).Take(limit).ToListAsync(cancellationToken);
        return requests.Select(r => JoinRequestResponse.From(r, team.Name)).ToList();
    }

    public async Task<TeamMemberResponse> ApproveAsync(string teamId, string requestId, CancellationToken cancellationToken)
    {
        var team = await ReviewableTeamAsync(teamId, cancellationToken);
        var request = await PendingAsync(teamId, requestId, cancellationToken);
        var member = await memberships.JoinAsync(team, request.UserEmail, TeamRole.Member, caller.Principal, cancellationToken);
        Review(request, JoinRequestStatus.Approved);
        await db.SaveChangesAsync(cancellationToken);
        return TeamMemberResponse.From(member);
    }

    public async Task<JoinRequestResponse> RejectAsync(string teamId, string requestId, CancellationToken cancellationToken)
    {
        var team = await ReviewableTeamAsync(teamId, cancellationToken);
        var request = await PendingAsync(teamId, requestId, cancellationToken);
        Review(request, JoinRequestStatus.Rejected);
        await db.SaveChangesAsync(cancellationToken);
        return JoinRequestResponse.From(request, team.Name);
    }

    private void Review(TeamJoinRequest request, JoinRequestStatus status)
    {
        request.Status = status;
        request.ReviewedAt = time.GetUtcNow().UtcDateTime;
        request.ReviewedBy = caller.Principal;
    }

    private async Task<Team> ReviewableTeamAsync(string teamId, CancellationToken cancellationToken)
    {
        authorizer.RequireVisibleTeam(teamId);
        await authorizer.RequireAsync(Permissions.TeamsManageMembers, teamId, cancellationToken, "team_join_request");
        return await directory.FindAsync(teamId, cancellationToken);
    }

    private async Task<TeamJoinRequest> PendingAsync(string teamId, string requestId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var request = await db.TeamJoinRequests.SingleOrDefaultAsync(r => r.Id == requestId && r.TeamId == teamId, cancellationToken)
            ?? throw ProblemException.NotFound("No such join request for this team.");
        return request.Status != JoinRequestStatus.Pending || request.ExpiresAt <= now
            ? throw ProblemException.Conflict($"This join request is no longer pending ({(request.Status == JoinRequestStatus.Pending ? "expired" : Names.Of(request.Status))}).")
            : request;
    }
}
