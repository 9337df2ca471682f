using System.Text.Json;
using McpGateway.Catalog.Infrastructure;
using McpGateway.Catalog.Model;
using McpGateway.Catalog.Security;
using McpGateway.Catalog.Tenancy;
using McpGateway.ServiceDefaults.Data;
using McpGateway.ServiceDefaults.Http;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Catalog.Transfer.Import;

/// <summary>How to import: `conflict_strategy` skip|update|rename|fail (default update, as ContextForge), `dry_run`,
/// the passphrase (or ContextForge's `rekey_secret`) for the secrets, and `selected_entities` {type: [names or ids]}.</summary>
public sealed record ImportOptions(string ConflictStrategy, bool DryRun, string? Passphrase, IReadOnlyDictionary<string, List<string>>? SelectedEntities);

/// <summary>An import stopped by `conflict_strategy=fail`: nothing was written.</summary>
public sealed class ImportConflictException(ImportReport report) : Exception("An entity of the import already exists and conflict_strategy is 'fail'.")
{
    public ImportReport Report { get; } = report;
}

/// <summary>
/// Imports an export (ours or ContextForge's) in dependency order (gateways, tools, resources, prompts, servers), as
/// the caller: every entity is placed by <see cref="ImportPlacement"/> and needs `{kind}.create` there (`{kind}.update`
/// to update one that exists). A conflict is an entity the caller can see with the same id, or the same name (a
/// resource: URI; a gateway: URL or name) in the target team. Everything commits in one transaction, or nothing does
/// (a dry run, or `fail` meeting a conflict).
/// </summary>
public sealed class ImportService(CatalogContext db, CatalogAccess access, CredentialVault vault, SecretProtector protector, TenancyRepair repair,
    CatalogChanges changes, TimeProvider time)
{
    public static readonly IReadOnlyList<string> Strategies = ["skip", "update", "rename", "fail"];
    private static readonly string[] KnownTypes = ["tools", "gateways", "servers", "prompts", "resources", "roots", "teams"];

    public async Task<ImportReport> ImportAsync(JsonElement document, ImportOptions options, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow().UtcDateTime;
        if (!Strategies.Contains(options.ConflictStrategy))
        {
            throw ProblemException.BadRequest("conflict_strategy", $"'conflict_strategy' must be one of {string.Join(", ", Strategies)}.");
        }
        var entities = Validate(document);
        ExportEncryption? encryption = null;
        if (document.TryGetProperty("encryption", out var block) && block.ValueKind == JsonValueKind.Object)
        {
            encryption = JsonSerializer.Deserialize<ExportEncryption>(block, CredentialJson.Options);
        }
        var cipher = ExportCipher.ForImport(encryption, options.Passphrase, protector);
        var run = new ImportRun(db, access, vault, cipher, options, await TeamsBySourceIdAsync(entities, cancellationToken), time.GetUtcNow().UtcDateTime);

        foreach (var type in new[] { "gateways", "tools", "resources", "prompts", "servers" })
        {
            if (Items(entities, type, options.SelectedEntities) is { Count: > 0 } items)
            {
                await run.ImportAsync(EntityKind.Named(type)!, items, cancellationToken);
            }
        }
        if (entities.TryGetProperty("roots", out var roots) && roots.ValueKind == JsonValueKind.Array && roots.GetArrayLength() > 0)
        {
            run.Warnings.Add($"{roots.GetArrayLength()} roots were not imported: this catalog keeps no filesystem roots.");
        }

        var status = "completed";
        if (run.Conflicted)
        {
            db.ChangeTracker.Clear();
            throw new ImportConflictException(run.Report(started, time.GetUtcNow().UtcDateTime, "failed"));
        }
        if (options.DryRun)
        {
            db.ChangeTracker.Clear();
        }
        else
        {
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            if (run.Orphaned)
            {
                await repair.RepairAsync(cancellationToken);
            }
            foreach (var kind in EntityKind.All)
            {
                changes.PublishAll(kind);
            }
        }
        return run.Report(started, time.GetUtcNow().UtcDateTime, status);
    }

    /// <summary>ContextForge's checks: `version`, `exported_at` and `entities` present; entities a map of known types to lists of objects.</summary>
    private static JsonElement Validate(JsonElement document)
    {
        if (document.ValueKind != JsonValueKind.Object)
        {
            throw ProblemException.BadRequest("import_data", "The import must be a JSON object: an export, or {\"import_data\": <export>, ...}.");
        }
        foreach (var field in new[] { "version", "exported_at", "entities" })
        {
            if (!document.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null || (value.ValueKind == JsonValueKind.String && value.GetString() == ""))
            {
                throw ProblemException.BadRequest(field, $"The export has no '{field}'.");
            }
        }
        var entities = document.GetProperty("entities");
        if (entities.ValueKind != JsonValueKind.Object)
        {
            throw ProblemException.BadRequest("entities", "'entities' must be an object of entity lists.");
        }
        foreach (var type in entities.EnumerateObject())
        {
            if (!KnownTypes.Contains(type.Name))
            {
                throw ProblemException.BadRequest("entities", $"Unknown entity type '{type.Name}'.");
            }
            if (type.Value.ValueKind == JsonValueKind.Null)
            {
                continue; // a type the export left out (ours write null for types not selected)
            }
            if (type.Value.ValueKind != JsonValueKind.Array || type.Value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.Object))
            {
                throw ProblemException.BadRequest("entities", $"'entities.{type.Name}' must be a list of objects.");
            }
        }
        return entities;
    }

    private static List<ImportItem>? Items(JsonElement entities, string type, IReadOnlyDictionary<string, List<string>>? selected)
    {
        if (!entities.TryGetProperty(type, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        var items = list.EnumerateArray().Select((e, i) => new ImportItem(e, i)).ToList();
        if (selected is null)
        {
            return items;
        }
        if (!selected.TryGetValue(type, out var wanted))
        {
            return null;
        }
        return wanted.Count == 0 ? items : items.Where(i => wanted.Contains(i.Label) || (i.Id is { } id && wanted.Contains(id))).ToList();
    }

    /// <summary>The export's teams (id → slug) matched to teams known here by slug, for entities whose team id is foreign.</summary>
    private async Task<Dictionary<string, string>> TeamsBySourceIdAsync(JsonElement entities, CancellationToken cancellationToken)
    {
        var bySlug = new Dictionary<string, string>();
        if (!entities.TryGetProperty("teams", out var teams) || teams.ValueKind != JsonValueKind.Array)
        {
            return bySlug;
        }
        var exported = teams.EnumerateArray().Select((t, i) => new ImportItem(t, i))
            .Select(t => (Id: t.Id, Slug: t.String("slug"), Personal: t.Bool("is_personal") == true))
            .Where(t => t.Id is not null && t.Slug is not null && !t.Personal).ToList();
        var slugs = exported.Select(t => t.Slug!).ToList();
        var known = await db.TeamReferences.AsNoTracking().Where(t => slugs.Contains(t.Slug) && !t.IsPersonal).ToListAsync(cancellationToken);
        foreach (var team in exported)
        {
            if (known.FirstOrDefault(k => k.Slug == team.Slug) is { } match)
            {
                bySlug[team.Id!] = match.TeamId;
            }
        }
        return bySlug;
    }
}
