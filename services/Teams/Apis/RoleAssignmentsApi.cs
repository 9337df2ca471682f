using McpGateway.Teams.Rbac;
using McpGateway.Teams.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace McpGateway.Teams.Apis;

/// <summary>Role assignments (`/rbac/users/{email}/roles`, `/rbac/my/roles`). `{email}` may also be an OAuth client id.</summary>
public static class RoleAssignmentsApi
{
    public static RouteGroupBuilder MapRoleAssignmentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/rbac").RequireAuthorization().WithTags("Role assignments");
        api.MapGet("/users/{email}/roles", ListUserRoles);
        api.MapPost("/users/{email}/roles", AssignRole);
        api.MapDelete("/users/{email}/roles/{roleId}", RevokeRole);
        api.MapGet("/my/roles", ListMyRoles);
        return api;
    }

    public static async Task<Ok<IReadOnlyList<UserRoleResponse>>> ListUserRoles(string email, RoleAssignments assignments, string? scope, [FromQuery(Name = "active_only")] bool? activeOnly,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await assignments.ListAsync(email, scope, activeOnly ?? true, cancellationToken));

    public static async Task<Created<UserRoleResponse>> AssignRole(string email, AssignRoleRequest request, RoleAssignments assignments, CancellationToken cancellationToken)
    {
        var assignment = await assignments.AssignAsync(email, request, cancellationToken);
        return TypedResults.Created($"/rbac/users/{Uri.EscapeDataString(assignment.UserEmail)}/roles/{assignment.RoleId}", assignment);
    }

    public static async Task<NoContent> RevokeRole(string email, string roleId, RoleAssignments assignments, string? scope, [FromQuery(Name = "scope_id")] string? scopeId, CancellationToken cancellationToken)
    {
        await assignments.RevokeAsync(email, roleId, scope, scopeId, cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<IReadOnlyList<UserRoleResponse>>> ListMyRoles(RoleAssignments assignments, RequestCaller caller, CancellationToken cancellationToken) =>
        TypedResults.Ok(await assignments.ListAsync(caller.Principal, null, true, cancellationToken));
}
