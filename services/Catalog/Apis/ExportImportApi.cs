using System.Text.Json;
using McpGateway.Catalog.Transfer;
using McpGateway.Catalog.Transfer.Import;
using McpGateway.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace McpGateway.Catalog.Apis;

/// <summary>
/// Configuration export and import in ContextForge's format, at its paths (`GET /export`, `POST /import`) and the seed's
/// (`GET /admin/export/configuration`, `POST /admin/import/configuration`). An export is what the caller may see; an
/// import creates and changes only what the caller may. Both travel with `Cache-Control: no-store`.
/// </summary>
public static class ExportImportApi
{
    /// <summary>The header that carries an export passphrase (kept out of URLs and their logs); `passphrase` in the query works too.</summary>
    public const string PassphraseHeader = "X-Export-Passphrase";

    public static IEndpointRouteBuilder MapExportImportApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("").RequireAuthorization().WithTags("Export/Import")
            .AddEndpointFilter(async (context, next) =>
            {
                context.HttpContext.Response.Headers.CacheControl = "no-store";
                return await next(context);
            });
        api.MapGet("/export", Export).WithSummary("Export the catalog the caller may see");
        api.MapGet("/admin/export/configuration", ExportAsFile).WithSummary("Export, as a file download (the seed's path)");
        api.MapPost("/import", Import).WithSummary("Import an export: conflict_strategy, dry_run, selected_entities, passphrase");
        api.MapPost("/admin/import/configuration", Import).WithSummary("Import (the seed's path)");
        return app;
    }

    public sealed record ExportQuery(
        [FromQuery(Name = "types")] string? Types,
        [FromQuery(Name = "exclude_types")] string? ExcludeTypes,
        [FromQuery(Name = "tags")] string? Tags,
        [FromQuery(Name = "include_inactive")] bool? IncludeInactive,
        [FromQuery(Name = "passphrase")] string? Passphrase,
        [FromHeader(Name = PassphraseHeader)] string? PassphraseHeaderValue)
    {
        public ExportRequest ToRequest() => new(List(Types), List(ExcludeTypes), List(Tags), IncludeInactive ?? true,
            Input.Text("passphrase", PassphraseHeaderValue ?? Passphrase, 1024));
    }

    public static async Task<Ok<ExportDocument>> Export([AsParameters] ExportQuery query, ExportService export, CancellationToken cancellationToken) =>
        TypedResults.Ok(await export.ExportAsync(query.ToRequest(), cancellationToken));

    public static async Task<Ok<ExportDocument>> ExportAsFile([AsParameters] ExportQuery query, ExportService export, HttpContext context, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var document = await export.ExportAsync(query.ToRequest(), cancellationToken);
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"mcpgateway-config-export-{time.GetUtcNow():yyyyMMdd-HHmmss}.json\"";
        return TypedResults.Ok(document);
    }

    /// <summary>
    /// The body is an export itself (`-d @backup.json`), or ContextForge's wrapper `{import_data, conflict_strategy,
    /// dry_run, rekey_secret, selected_entities}`; options may also be given in the query string. 409 with the report
    /// when `conflict_strategy=fail` meets an existing entity (nothing is written then).
    /// </summary>
    public static async Task<Results<Ok<ImportReport>, Conflict<ImportReport>>> Import(HttpRequest request, ImportService import,
        [FromQuery(Name = "conflict_strategy")] string? conflictStrategy, [FromQuery(Name = "dry_run")] bool? dryRun,
        [FromQuery(Name = "rekey_secret")] string? rekeySecret, [FromQuery(Name = "passphrase")] string? passphrase, CancellationToken cancellationToken)
    {
        using var body = await ReadBodyAsync(request, cancellationToken);
        var root = body.RootElement;
        var wrapped = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("import_data", out var data) && data.ValueKind == JsonValueKind.Object;
        var document = wrapped ? root.GetProperty("import_data") : root;
        var options = new ImportOptions(
            (Option(root, wrapped, "conflict_strategy") ?? conflictStrategy ?? "update").Trim().ToLowerInvariant(),
            (wrapped && root.TryGetProperty("dry_run", out var dry) && dry.ValueKind is JsonValueKind.True) || dryRun == true,
            Input.Text("passphrase", Option(root, wrapped, "passphrase") ?? Option(root, wrapped, "rekey_secret") ?? request.Headers[PassphraseHeader].FirstOrDefault()
                ?? passphrase ?? rekeySecret, 1024),
            wrapped ? Selected(root) : null);
        try
        {
            return TypedResults.Ok(await import.ImportAsync(document, options, cancellationToken));
        }
        catch (ImportConflictException conflict)
        {
            return TypedResults.Conflict(conflict.Report);
        }
    }

    private static async Task<JsonDocument> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 128 }, cancellationToken);
        }
        catch (JsonException e)
        {
            throw ProblemException.BadRequest("body", $"The body is not JSON: {e.Message}");
        }
    }

    private static string? Option(JsonElement root, bool wrapped, string name) =>
        wrapped && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Dictionary<string, List<string>>? Selected(JsonElement root)
    {
        if (!root.TryGetProperty("selected_entities", out var selected) || selected.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (selected.ValueKind != JsonValueKind.Object || selected.EnumerateObject().Any(p => p.Value.ValueKind != JsonValueKind.Array
            || p.Value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String)))
        {
            throw ProblemException.BadRequest("selected_entities", "'selected_entities' maps entity types to lists of names or ids.");
        }
        return selected.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(v => v.GetString()!).ToList());
    }

    private static List<string>? List(string? commaSeparated) =>
        commaSeparated?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
