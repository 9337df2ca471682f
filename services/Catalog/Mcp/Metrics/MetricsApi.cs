using McpGateway.Catalog.Infrastructure;
using McpGateway.Catalog.Model;
using McpGateway.ServiceDefaults.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Catalog.Mcp.Metrics;

/// <summary>
/// `GET /tools/{id}/metrics` and `GET /servers/{id}/metrics`: calls made through the virtual servers, summed over
/// every replica's flushed rows and this replica's unflushed counts. A tool or server the caller cannot see is 404.
/// </summary>
public static class MetricsApi
{
    public static void MapMetricsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/tools/{id}/metrics", GetToolMetrics).RequireAuthorization().WithName("GetToolMetrics").WithTags("metrics");
        app.MapGet("/servers/{id}/metrics", GetServerMetrics).RequireAuthorization().WithName("GetServerMetrics").WithTags("metrics");
    }

    public static async Task<Results<Ok<MetricsSummary>, ProblemHttpResult>> GetToolMetrics(string id, HttpContext http, CatalogContext db,
        PolicyEvaluator policy, ToolCallMetrics pending, CancellationToken cancellationToken)
    {
        var tool = await db.Tools.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (tool is null || !policy.CanSee(Caller.From(http.User), Scope(tool)))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: "No such tool.");
        }
        var rows = await db.Set<ToolMetricsRecord>().AsNoTracking().Where(m => m.ToolId == id).ToListAsync(cancellationToken);
        rows.AddRange(pending.Peek((toolId, _) => toolId == id, DateTime.UtcNow));
        return TypedResults.Ok(MetricsSummary.Of(rows));
    }

    public static async Task<Results<Ok<MetricsSummary>, ProblemHttpResult>> GetServerMetrics(string id, HttpContext http, CatalogContext db,
        PolicyEvaluator policy, ToolCallMetrics pending, CancellationToken cancellationToken)
    {
        var server = await db.Servers.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (server is null || !policy.CanSee(Caller.From(http.User), Scope(server)))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: "No such server.");
        }
        var rows = await db.Set<ToolMetricsRecord>().AsNoTracking().Where(m => m.ServerId == id).ToListAsync(cancellationToken);
        rows.AddRange(pending.Peek((_, serverId) => serverId == id, DateTime.UtcNow));
        return TypedResults.Ok(MetricsSummary.Of(rows));
    }

    private static ScopedEntity Scope(CatalogEntity entity) => new(entity.TeamId, entity.OwnerEmail, entity.Visibility.ToString().ToLowerInvariant());
}
