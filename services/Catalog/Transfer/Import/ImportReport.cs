namespace McpGateway.Catalog.Transfer.Import;

/// <summary>What an import did (or, in a dry run, would do), in ContextForge's status shape plus one line per entity.</summary>
public sealed record ImportReport(
    string ImportId,
    string Status,
    bool DryRun,
    string ConflictStrategy,
    ImportProgress Progress,
    IReadOnlyList<ImportedEntity> Entities,
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> Warnings,
    DateTime StartedAt,
    DateTime CompletedAt);

public sealed record ImportProgress(int Total, int Processed, int Created, int Updated, int Skipped, int Failed);

/// <summary>
/// One entity's outcome: `created`, `updated`, `skipped` or `failed`, with the reason; `id` is the catalog's id for it
/// (a new one when the exported id was taken), `name` what it is called now (a renamed copy's new name).
/// </summary>
public sealed record ImportedEntity(string Type, string SourceName, string? SourceId, string Action, string? Id, string? Name, string? TeamId, string? Reason);

public static class ImportActions
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Skipped = "skipped";
    public const string Failed = "failed";
}
