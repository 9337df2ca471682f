using McpGateway.Catalog.Infrastructure;
using McpGateway.ServiceDefaults.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Catalog.Federation;

/// <summary>
/// `POST /gateways/{id}/refresh`: discover a gateway's tools, resources and prompts again now. The same checks as an
/// update: a gateway the caller cannot see is 404, one they see without `gateways.update` in its team is 403.
/// </summary>
public static class GatewayRefreshApi
{
    public static RouteGroupBuilder MapGatewayRefreshApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/gateways").RequireAuthorization();
        api.MapPost("/{id}/refresh", RefreshGateway).WithName("RefreshGateway").WithSummary("Discover a gateway's tools, resources and prompts again");
        return api;
    }

    public static async Task<Results<Ok<FederationResult>, ProblemHttpResult>> RefreshGateway(
        string id, HttpContext http, CatalogContext db, PolicyEvaluator policy, IGatewayFederation federation, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        var gateway = await db.Gateways.AsNoTracking().FirstOrDefaultAsync(g => g.Id == id, cancellationToken);
        if (gateway is null || !policy.CanSee(caller, new ScopedEntity(gateway.TeamId, gateway.OwnerEmail, gateway.Visibility.ToString().ToLowerInvariant())))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: "No such gateway.");
        }
        if (!policy.IsAllowed(caller, Permissions.GatewaysUpdate, gateway.TeamId))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, detail: "Refreshing this gateway needs gateways.update in its team.");
        }
        var result = await federation.RefreshAsync(id, cancellationToken);
        return result.Reachable
            ? TypedResults.Ok(result)
            : TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Upstream unavailable", detail: result.Error);
    }
}
