using System.Text.Json;
using McpGateway.Admin.Infrastructure;
using McpGateway.Admin.Model;
using Microsoft.AspNetCore.Mvc;

namespace McpGateway.Admin.Pages;

/// <summary>
/// Export the catalog the user may see (`GET /export`, downloaded as a file) and import one (`POST /import`), with a
/// dry run that reports what would happen to each entity without changing anything. A refused import shows its report
/// too: which entities conflicted.
/// </summary>
public sealed class ConfigurationModel(GatewayApi api, TimeProvider time) : AdminPage(api)
{
    public static readonly IReadOnlyList<string> ConflictStrategies = ["update", "skip", "rename", "fail"];

    public ImportReport? Report { get; private set; }

    [BindProperty(SupportsGet = true)] public string? Types { get; set; }
    [BindProperty(SupportsGet = true)] public string? Tags { get; set; }
    [BindProperty(SupportsGet = true)] public bool ExcludeInactive { get; set; }

    [BindProperty] public IFormFile? ExportFile { get; set; }
    [BindProperty] public string? ConflictStrategy { get; set; }
    [BindProperty] public bool DryRun { get; set; } = true;

    /// <summary>Protects (export) or opens (import) the credentials in the file; never rendered back.</summary>
    [BindProperty] public string? Passphrase { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostExportAsync(CancellationToken cancellationToken)
    {
        var query = $"/export?include_inactive={(ExcludeInactive ? "false" : "true")}" + Filter("types", Types) + Filter("tags", Tags);
        // In a header, not the query: URLs end up in logs.
        var export = await Api.GetAsync<JsonElement>(query, cancellationToken,
            string.IsNullOrEmpty(Passphrase) ? null : new Dictionary<string, string> { ["X-Export-Passphrase"] = Passphrase });
        Passphrase = null;
        if (!export.Succeeded)
        {
            return PageWithProblem(export.Problem!);
        }
        Response.Headers.CacheControl = "no-store";
        var name = $"mcpgateway-config-export-{time.GetUtcNow():yyyyMMdd-HHmmss}.json";
        return File(JsonSerializer.SerializeToUtf8Bytes(export.Value, ToolModel.Indented), "application/json", name);
    }

    public async Task<IActionResult> OnPostImportAsync(CancellationToken cancellationToken)
    {
        var passphrase = Passphrase;
        Passphrase = null;
        if (ExportFile is null || ExportFile.Length == 0)
        {
            return PageWithProblem(Invalid("file", "Choose an export file to import."));
        }
        JsonDocument document;
        try
        {
            await using var stream = ExportFile.OpenReadStream();
            document = await JsonDocument.ParseAsync(stream, new JsonDocumentOptions { MaxDepth = 128 }, cancellationToken);
        }
        catch (JsonException e)
        {
            return PageWithProblem(Invalid("file", $"The file is not JSON: {e.Message}"));
        }
        using (document)
        {
            var imported = await Api.PostReadingConflictAsync<ImportReport>("/import", new
            {
                import_data = document.RootElement,
                conflict_strategy = ConflictStrategies.Contains(ConflictStrategy) ? ConflictStrategy : "update",
                dry_run = DryRun,
                passphrase = string.IsNullOrEmpty(passphrase) ? null : passphrase,
            }, cancellationToken);
            // A refused import (conflict_strategy=fail met an existing entity) still says, per entity, what clashed.
            Report = imported.Value;
            if (!imported.Succeeded)
            {
                return PageWithProblem(Report is null ? imported.Problem! : imported.Problem! with
                {
                    Title = "The import was refused: nothing was written",
                    Detail = "Some entities exist already and the conflict strategy is 'fail'. The report below names them.",
                });
            }
            return Page();
        }
    }

    private static ApiProblem Invalid(string field, string message) =>
        new(StatusCodes.Status400BadRequest, "The import is not complete", null, new Dictionary<string, string[]> { [field] = [message] });
}
