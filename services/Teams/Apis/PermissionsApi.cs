using McpGateway.Teams.Model;
using Microsoft.AspNetCore.Http.HttpResults;

namespace McpGateway.Teams.Apis;

/// <summary>Permission queries (`/rbac/permissions`).</summary>
public static class PermissionsApi
{
    public static RouteGroupBuilder MapPermissionsApi(this IEndpointRouteBuilder app)
    {
        // Authenticated, as in ContextForge: the catalogue is harmless, but nothing under /rbac is for anonymous callers.
        var api = app.MapGroup("/rbac/permissions").RequireAuthorization();
        api.MapGet("/available", GetAvailablePermissions);
        return api;
    }

    /// <summary>The permission catalog roles are built from, as ContextForge returns it.</summary>
    public static Ok<AvailablePermissions> GetAvailablePermissions() => TypedResults.Ok(AvailablePermissions.Catalog);
}

public sealed record AvailablePermissions(
    IReadOnlyList<string> AllPermissions,
    IReadOnlyDictionary<string, IReadOnlyList<string>> PermissionsByResource,
    int TotalCount)
{
    public static AvailablePermissions Catalog { get; } = new(Permissions.All, Permissions.ByResource, Permissions.All.Count);
}
