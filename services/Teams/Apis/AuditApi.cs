using McpGateway.Teams.Rbac;
using McpGateway.Teams.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace McpGateway.Teams.Apis;

/// <summary>The permission audit log (`/rbac/audit`), for platform admins.</summary>
public static class AuditApi
{
    public static RouteHandlerBuilder MapAuditApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/rbac/audit", GetAuditLog).RequireAuthorization().WithTags("Audit");

    public static async Task<Ok<AuditLogResponse>> GetAuditLog(AuditLog log, [FromQuery(Name = "user_email")] string? userEmail, string? permission,
        [FromQuery(Name = "team_id")] string? teamId, bool? granted,
        string? action, DateTime? since, DateTime? until, int? skip, int? limit, CancellationToken cancellationToken)
    {
        var (s, l) = Input.Page(skip, limit);
        return TypedResults.Ok(await log.QueryAsync(new AuditQuery(userEmail, permission, teamId, granted, action, since, until), s, l, cancellationToken));
    }
}
