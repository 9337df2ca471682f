using System.Security.Claims;
using McpGateway.ServiceDefaults.Authentication;
using McpGateway.Teams.Infrastructure;
using McpGateway.Teams.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Teams.Apis;

/// <summary>
/// `GET /rbac/permissions/user/{email}` (ContextForge's path): a user's effective permissions, for platform
/// administrators and the user themself. A user is known here once the auth service's UserCreated reached teams
/// (404 before). Today a platform administrator holds every permission and anyone else none: role assignments
/// come with teams' RBAC.
/// </summary>
public static class UserPermissionsApi
{
    public static RouteGroupBuilder MapUserPermissionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/rbac/permissions").RequireAuthorization();
        api.MapGet("/user/{email}", GetUserPermissions).WithName("GetUserPermissions");
        return api;
    }

    public static async Task<Results<Ok<UserPermissions>, ProblemHttpResult>> GetUserPermissions(
        string email, ClaimsPrincipal caller, TeamsContext db, CancellationToken cancellationToken)
    {
        var key = email.Trim().ToLowerInvariant();
        var isAdmin = caller.HasClaim(c => c.Type == TokenAuthenticationDefaults.Claims.IsAdmin && bool.TryParse(c.Value, out var admin) && admin);
        var subject = caller.FindFirstValue(TokenAuthenticationDefaults.Claims.Email) ?? caller.FindFirstValue(TokenAuthenticationDefaults.Claims.Subject);
        if (!isAdmin && !string.Equals(subject, key, StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, detail: "Only platform administrators may see another user's permissions.");
        }
        if (key.Any(char.IsControl) || await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Email == key, cancellationToken) is not { } user)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"No user '{key}' is known to the teams service.");
        }
        return TypedResults.Ok(new UserPermissions(user.Email, user.IsAdmin, user.IsActive, user.IsAdmin ? Permissions.All : []));
    }
}

public sealed record UserPermissions(string UserEmail, bool IsAdmin, bool IsActive, IReadOnlyList<string> Permissions);
