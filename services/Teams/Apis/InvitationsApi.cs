using McpGateway.Teams.Security;
using McpGateway.Teams.Teams;
using Microsoft.AspNetCore.Http.HttpResults;

namespace McpGateway.Teams.Apis;

/// <summary>Team invitations. Their answers carry or redeem a secret token, so nothing caches them.</summary>
public static class InvitationsApi
{
    public static RouteGroupBuilder MapInvitationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/teams").RequireAuthorization().WithTags("Team invitations").AddEndpointFilter(NoStore);
        api.MapPost("/{id}/invitations", Invite);
        api.MapGet("/{id}/invitations", ListInvitations).WithSummary("The team's open invitations (never their tokens)");
        api.MapDelete("/{id}/invitations/{invitationId}", RevokeInvitation).WithSummary("Revoke an open invitation");
        api.MapPost("/invitations/{token}/accept", AcceptInvitation);
        return api;
    }

    public static async Task<Created<InvitationResponse>> Invite(string id, InviteRequest request, Invitations invitations, CancellationToken cancellationToken)
    {
        var invitation = await invitations.InviteAsync(id, request, cancellationToken);
        return TypedResults.Created($"/teams/{id}/invitations/{invitation.Id}", invitation);
    }

    public static async Task<Ok<IReadOnlyList<InvitationResponse>>> ListInvitations(string id, int? skip, int? limit, Invitations invitations,
        CancellationToken cancellationToken)
    {
        var (s, l) = Input.Page(skip, limit);
        return TypedResults.Ok(await invitations.ListAsync(id, s, l, cancellationToken));
    }

    public static async Task<Ok<InvitationResponse>> RevokeInvitation(string id, string invitationId, Invitations invitations, CancellationToken cancellationToken) =>
        TypedResults.Ok(await invitations.RevokeAsync(id, Input.Id("invitationId", invitationId), cancellationToken));

    public static async Task<Ok<TeamMemberResponse>> AcceptInvitation(string token, Invitations invitations, CancellationToken cancellationToken) =>
        TypedResults.Ok(await invitations.AcceptAsync(token, cancellationToken));

    private static ValueTask<object?> NoStore(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        // Set before the handler runs, so problem answers (written by the exception handler) carry it too.
        context.HttpContext.Response.Headers.CacheControl = "no-store";
        context.HttpContext.Response.Headers.Pragma = "no-cache";
        return next(context);
    }
}
