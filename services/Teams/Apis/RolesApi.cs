using McpGateway.Teams.Rbac;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace McpGateway.Teams.Apis;

/// <summary>Roles (`/rbac/roles`).</summary>
public static class RolesApi
{
    public static RouteGroupBuilder MapRolesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/rbac/roles").RequireAuthorization().WithTags("Roles");
        api.MapGet("/", ListRoles);
        api.MapPost("/", CreateRole);
        api.MapGet("/{id}", GetRole);
        api.MapPut("/{id}", UpdateRole);
        api.MapDelete("/{id}", DeleteRole);
        return api;
    }

    public static async Task<Ok<IReadOnlyList<RoleResponse>>> ListRoles(RoleCatalog roles, string? scope, [FromQuery(Name = "active_only")] bool? activeOnly, CancellationToken cancellationToken) =>
        TypedResults.Ok(await roles.ListAsync(scope, activeOnly ?? true, cancellationToken));

    public static async Task<Created<RoleResponse>> CreateRole(CreateRoleRequest request, RoleCatalog roles, CancellationToken cancellationToken)
    {
        var role = await roles.CreateAsync(request, cancellationToken);
        return TypedResults.Created($"/rbac/roles/{role.Id}", role);
    }

    public static async Task<Ok<RoleResponse>> GetRole(string id, RoleCatalog roles, CancellationToken cancellationToken) =>
        TypedResults.Ok(await roles.GetAsync(id, cancellationToken));

    public static async Task<Ok<RoleResponse>> UpdateRole(string id, UpdateRoleRequest request, RoleCatalog roles, CancellationToken cancellationToken) =>
        TypedResults.Ok(await roles.UpdateAsync(id, request, cancellationToken));

    public static async Task<NoContent> DeleteRole(string id, RoleCatalog roles, CancellationToken cancellationToken)
    {
        await roles.DeleteAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }
}
