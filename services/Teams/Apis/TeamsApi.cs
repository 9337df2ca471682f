using McpGateway.Teams.Security;
using McpGateway.Teams.Teams;
using Microsoft.AspNetCore.Http.HttpResults;

namespace McpGateway.Teams.Apis;

/// <summary>Teams (`/teams`), and the seed's `POST /admin/teams`.</summary>
public static class TeamsApi
{
    public static RouteGroupBuilder MapTeamsApi(this IEndpointRouteBuilder app)
    {
        // The seed's admin path creates a team exactly as POST /teams does (the gateway routes it here).
        app.MapPost("/admin/teams", CreateTeam).RequireAuthorization().WithName("CreateTeamAdminPath").WithTags("Teams");

        var api = app.MapGroup("/teams").RequireAuthorization().WithTags("Teams");
        api.MapGet("/", ListTeams).WithSummary("The caller's teams");
        api.MapPost("/", CreateTeam).WithName("CreateTeam").WithSummary("Create a team; the caller becomes its owner");
        api.MapGet("/discover", DiscoverTeams).WithSummary("Public teams the caller is not in");
        api.MapGet("/{id}", GetTeam).WithName("GetTeam");
        api.MapPut("/{id}", UpdateTeam);
        api.MapDelete("/{id}", DeleteTeam);
        return api;
    }

    public static async Task<Ok<TeamListResponse>> ListTeams(TeamDirectory teams, int? skip, int? limit, CancellationToken cancellationToken)
    {
        var (s, l) = Input.Page(skip, limit);
        return TypedResults.Ok(await teams.ListAsync(s, l, cancellationToken));
    }

    public static async Task<Created<TeamResponse>> CreateTeam(CreateTeamRequest request, TeamDirectory teams, CancellationToken cancellationToken)
    {
        var team = await teams.CreateAsync(request, cancellationToken);
        return TypedResults.Created($"/teams/{team.Id}", team);
    }

    public static async Task<Ok<IReadOnlyList<TeamDiscoveryResponse>>> DiscoverTeams(TeamDirectory teams, int? skip, int? limit, CancellationToken cancellationToken)
    {
        var (s, l) = Input.Page(skip, limit);
        return TypedResults.Ok(await teams.DiscoverAsync(s, l, cancellationToken));
    }

    public static async Task<Ok<TeamResponse>> GetTeam(string id, TeamDirectory teams, CancellationToken cancellationToken) =>
        TypedResults.Ok(await teams.GetAsync(id, cancellationToken));

    public static async Task<Ok<TeamResponse>> UpdateTeam(string id, UpdateTeamRequest request, TeamDirectory teams, CancellationToken cancellationToken) =>
        TypedResults.Ok(await teams.UpdateAsync(id, request, cancellationToken));

    public static async Task<NoContent> DeleteTeam(string id, TeamDirectory teams, CancellationToken cancellationToken)
    {
        await teams.DeleteAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }
}
