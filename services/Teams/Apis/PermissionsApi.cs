using McpGateway.ServiceDefaults.Authorization;
using McpGateway.Teams.Rbac;
using McpGateway.Teams.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace McpGateway.Teams.Apis;

/// <summary>Permission queries (`/rbac/permissions`, `/rbac/my/permissions`), answered by the one policy.</summary>
public static class PermissionsApi
{
    public static RouteGroupBuilder MapPermissionsApi(this IEndpointRouteBuilder app)
    {
        // Authenticated, as in ContextForge: the catalogue is harmless, but nothing under /rbac is for anonymous callers.
        var api = app.MapGroup("/rbac").RequireAuthorization().WithTags("Permissions");
        api.MapGet("/permissions/available", GetAvailablePermissions);
        api.MapPost("/permissions/check", CheckPermission);
        api.MapGet("/permissions/user/{email}", GetUserPermissions);
        api.MapGet("/my/permissions", GetMyPermissions);
        return api;
    }

    /// <summary>The permission catalog roles are built from, as ContextForge returns it.</summary>
    public static Ok<AvailablePermissions> GetAvailablePermissions() => TypedResults.Ok(AvailablePermissions.Catalog);

    public static async Task<Ok<PermissionCheckResponse>> CheckPermission(PermissionCheckRequest request, PermissionQueries queries, CancellationToken cancellationToken) =>
        TypedResults.Ok(await queries.CheckAsync(request, cancellationToken));

    public static async Task<Ok<IReadOnlyList<string>>> GetUserPermissions(string email, [FromQuery(Name = "team_id")] string? teamId, PermissionQueries queries, CancellationToken cancellationToken) =>
        TypedResults.Ok(await queries.PermissionsOfAsync(email, teamId, cancellationToken));

    public static Ok<IReadOnlyList<string>> GetMyPermissions([FromQuery(Name = "team_id")] string? teamId, PermissionQueries queries) =>
        TypedResults.Ok(queries.MyPermissions(teamId));
}

public sealed record AvailablePermissions(
    IReadOnlyList<string> AllPermissions,
    IReadOnlyDictionary<string, IReadOnlyList<string>> PermissionsByResource,
    int TotalCount)
{
    public static AvailablePermissions Catalog { get; } = new(Permissions.All, Permissions.ByResource, Permissions.All.Count);
}
