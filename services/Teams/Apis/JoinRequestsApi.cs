using McpGateway.Teams.Security;
using McpGateway.Teams.Teams;
using Microsoft.AspNetCore.Http.HttpResults;

namespace McpGateway.Teams.Apis;

/// <summary>Asking to join a public team, and reviewing the requests.</summary>
public static class JoinRequestsApi
{
    public static RouteGroupBuilder MapJoinRequestsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/teams/{id}").RequireAuthorization().WithTags("Join requests");
        api.MapPost("/join", RequestToJoin);
        api.MapGet("/join-requests", ListJoinRequests);
        api.MapPost("/join-requests/{rid}/approve", ApproveJoinRequest);
        api.MapPost("/join-requests/{rid}/reject", RejectJoinRequest);
        return api;
    }

    public static async Task<Ok<JoinRequestResponse>> RequestToJoin(string id, JoinTeamRequest? request, JoinRequests joinRequests, CancellationToken cancellationToken) =>
        TypedResults.Ok(await joinRequests.RequestAsync(id, request, cancellationToken));

    public static async Task<Ok<IReadOnlyList<JoinRequestResponse>>> ListJoinRequests(string id, JoinRequests joinRequests, int? skip, int? limit, CancellationToken cancellationToken)
    {
        var (s, l) = Input.Page(skip, limit);
        return TypedResults.Ok(await joinRequests.ListAsync(id, s, l, cancellationToken));
    }

    public static async Task<Ok<TeamMemberResponse>> ApproveJoinRequest(string id, string rid, JoinRequests joinRequests, CancellationToken cancellationToken) =>
        TypedResults.Ok(await joinRequests.ApproveAsync(id, Input.Id("rid", rid), cancellationToken));

    public static async Task<Ok<JoinRequestResponse>> RejectJoinRequest(string id, string rid, JoinRequests joinRequests, CancellationToken cancellationToken) =>
        TypedResults.Ok(await joinRequests.RejectAsync(id, Input.Id("rid", rid), cancellationToken));
}
