using System.Security.Claims;
using McpGateway.Catalog.Infrastructure;
using McpGateway.Catalog.Model;
using McpGateway.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Catalog.Apis;

/// <summary>
/// `GET /servers`: the virtual servers the caller may see, for authenticated callers. A minimal first slice (the
/// messaging work needed one authenticated catalog route to show revoked tokens refused); the catalog's full server
/// API replaces it. Platform administrators see every server; anyone else the public ones and their own (team
/// visibility needs the membership projection, still to come).
/// </summary>
public static class ServersApi
{
    public static RouteGroupBuilder MapServersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/servers").RequireAuthorization();
        api.MapGet("", ListServers).WithName("ListServers");
        return api;
    }

    public static async Task<Ok<List<ServerSummary>>> ListServers(ClaimsPrincipal caller, CatalogContext db, CancellationToken cancellationToken)
    {
        var isAdmin = caller.HasClaim(c => c.Type == TokenAuthenticationDefaults.Claims.IsAdmin && bool.TryParse(c.Value, out var admin) && admin);
        var email = caller.FindFirstValue(TokenAuthenticationDefaults.Claims.Email) ?? caller.FindFirstValue(TokenAuthenticationDefaults.Claims.Subject) ?? "";
        var servers = await db.Servers.AsNoTracking()
            .Where(s => isAdmin || s.Visibility == Visibility.Public || s.OwnerEmail == email)
            .OrderBy(s => s.Name)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(servers.Select(s =>
            new ServerSummary(s.Id, s.Name, s.Description, s.TeamId, s.OwnerEmail, s.Visibility.ToString().ToLowerInvariant(), s.Enabled)).ToList());
    }
}

public sealed record ServerSummary(string Id, string Name, string? Description, string? TeamId, string OwnerEmail, string Visibility, bool Enabled);
