using McpGateway.Teams.Security;
using McpGateway.Teams.Teams;
using Microsoft.AspNetCore.Http.HttpResults;

namespace McpGateway.Teams.Apis;

/// <summary>A team's members (`/teams/{id}/members`) and leaving a team.</summary>
public static class TeamMembersApi
{
    public static RouteGroupBuilder MapTeamMembersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/teams/{id}").RequireAuthorization().WithTags("Team members");
        api.MapGet("/members", ListMembers);
        api.MapPost("/members", AddMember);
        api.MapPut("/members/{email}", ChangeMemberRole);
        api.MapDelete("/members/{email}", RemoveMember);
        api.MapPost("/leave", LeaveTeam);
        return api;
    }

    public static async Task<Ok<IReadOnlyList<TeamMemberResponse>>> ListMembers(string id, Memberships members, int? skip, int? limit, CancellationToken cancellationToken)
    {
        var (s, l) = Input.Page(skip, limit);
        return TypedResults.Ok(await members.ListAsync(id, s, l, cancellationToken));
    }

    public static async Task<Created<TeamMemberResponse>> AddMember(string id, AddMemberRequest request, Memberships members, CancellationToken cancellationToken)
    {
        var member = await members.AddAsync(id, request, cancellationToken);
        return TypedResults.Created($"/teams/{id}/members/{Uri.EscapeDataString(member.UserEmail)}", member);
    }

    public static async Task<Ok<TeamMemberResponse>> ChangeMemberRole(string id, string email, UpdateMemberRequest request, Memberships members, CancellationToken cancellationToken) =>
        TypedResults.Ok(await members.ChangeRoleAsync(id, email, request, cancellationToken));

    public static async Task<NoContent> RemoveMember(string id, string email, Memberships members, CancellationToken cancellationToken)
    {
        await members.RemoveAsync(id, email, cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<NoContent> LeaveTeam(string id, Memberships members, CancellationToken cancellationToken)
    {
        await members.LeaveAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }
}
