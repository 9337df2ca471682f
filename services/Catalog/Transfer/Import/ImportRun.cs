using McpGateway.Catalog.Apis;
using McpGateway.Catalog.Infrastructure;
using McpGateway.Catalog.Model;
using McpGateway.Catalog.Security;
using McpGateway.ServiceDefaults.Http;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Catalog.Transfer.Import;

/// <summary>
/// One import's state: what was decided for each entity, which exported id became which id here (so servers find
/// their members and tools their gateways), and the entities added or changed, tracked until the one save.
/// </summary>
internal sealed class ImportRun(CatalogContext db, CatalogAccess access, CredentialVault vault, ExportCipher cipher, ImportOptions options,
    IReadOnlyDictionary<string, string> teamsBySourceId, DateTime now)
{
    private readonly ImportPlacement _placement = new(access, teamsBySourceId);
    private readonly List<ImportedEntity> _entities = [];
    private readonly Dictionary<string, Dictionary<string, CatalogEntity>> _imported = [];

    public List<string> Warnings { get; } = [];
    public bool Conflicted { get; private set; }
    /// <summary>Something was imported without a team (a platform admin's personal team not known yet).</summary>
    public bool Orphaned { get; private set; }

    public async Task ImportAsync(EntityKind kind, List<ImportItem> items, CancellationToken cancellationToken)
    {
        var importer = EntityImporter.For(kind, this);
        var decisions = items.Select(item => (Item: item, Decision: Decide(kind, item))).ToList();
        var teams = decisions.Select(d => d.Decision?.TeamId).OfType<string>().Distinct().ToList();
        var sourceIds = items.Select(i => i.Id).OfType<string>().Distinct().ToList();
        var existing = await importer.LoadExistingAsync(db, teams, sourceIds, cancellationToken);
        var byKey = new Dictionary<string, CatalogEntity>();
        foreach (var entity in existing)
        {
            foreach (var key in importer.KeysOf(entity))
            {
                byKey.TryAdd(key, entity);
            }
        }
        var takenIds = existing.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var existingById = existing.ToDictionary(e => e.Id, StringComparer.Ordinal);
        _imported[kind.Plural] = [];

        foreach (var (item, decision) in decisions)
        {
            if (Conflicted)
            {
                return;
            }
            if (decision is null || decision.Problem is not null)
            {
                Fail(kind, item, decision?.Problem ?? "its team, owner or visibility is invalid");
                continue;
            }
            try
            {
                await ImportOneAsync(kind, importer, item, decision, existingById, byKey, takenIds, cancellationToken);
            }
            catch (ProblemException e)
            {
                Fail(kind, item, e.Message);
            }
        }
    }

    private async Task ImportOneAsync(EntityKind kind, EntityImporter importer, ImportItem item, PlacementDecision decision, Dictionary<string, CatalogEntity> existing,
        Dictionary<string, CatalogEntity> byKey, HashSet<string> takenIds, CancellationToken cancellationToken)
    {
        var candidate = importer.New();
        candidate.TeamId = decision.TeamId;
        await importer.ApplyAsync(candidate, item, cancellationToken);
        var conflict = item.Id is { } sourceId && existing.GetValueOrDefault(sourceId) is { } same && access.CanSee(same) ? same : null;
        conflict ??= importer.KeysOf(candidate).Select(byKey.GetValueOrDefault).FirstOrDefault(e => e is not null);
        if (conflict is not null)
        {
            switch (options.ConflictStrategy)
            {
                case "skip":
                    Remember(kind, item, conflict);
                    Record(kind, item, ImportActions.Skipped, Shown(conflict), "it already exists");
                    return;
                case "fail":
                    Conflicted = true;
                    Record(kind, item, ImportActions.Failed, Shown(conflict), "it already exists and conflict_strategy is 'fail'");
                    return;
                case "update":
                    if (!access.CanSee(conflict) || !access.IsAllowed(kind.Update, conflict.TeamId))
                    {
                        Fail(kind, item, $"it already exists in a team where you may not update {kind.Plural}");
                        return;
                    }
                    await importer.ApplyAsync(conflict, item, cancellationToken);
                    conflict.Visibility = decision.Visibility;
                    conflict.UpdatedAt = item.Date("updated_at") ?? now;
                    Remember(kind, item, conflict);
                    Record(kind, item, ImportActions.Updated, conflict, null);
                    return;
                default:
                    if (!await RenameAsync(importer, candidate, byKey, cancellationToken))
                    {
                        Fail(kind, item, $"it already exists, and a {kind.Singular}'s {importer.KeyName} cannot be renamed");
                        return;
                    }
                    break;
            }
        }
        candidate.Id = item.Id is { } id && IsUsableId(id) && !takenIds.Contains(id) ? id : Guid.NewGuid().ToString("N");
        candidate.OwnerEmail = decision.Owner;
        candidate.Visibility = decision.Visibility;
        candidate.CreatedBy = item.String("created_by") is { Length: > 0 and <= 254 } creator && access.IsPlatformAdmin ? creator : access.Principal;
        candidate.CreatedAt = item.Date("created_at") ?? now;
        candidate.UpdatedAt = item.Date("updated_at") ?? now;
        Orphaned |= candidate.TeamId is null;
        db.Add(candidate);
        takenIds.Add(candidate.Id);
        foreach (var key in importer.KeysOf(candidate))
        {
            byKey.TryAdd(key, candidate);
        }
        Remember(kind, item, candidate);
        Record(kind, item, ImportActions.Created, candidate, conflict is null ? null : $"renamed: '{item.Label}' already exists");
    }

    /// <summary>`{name}_imported_{n}` (ContextForge's pattern, valid for a tool name too), while its keys are taken.</summary>
    private static async Task<bool> RenameAsync(EntityImporter importer, CatalogEntity candidate, Dictionary<string, CatalogEntity> byKey, CancellationToken cancellationToken)
    {
        if (!importer.CanRename)
        {
            return false;
        }
        var original = candidate.Name;
        for (var n = 1; n <= 1000; n++)
        {
            importer.Rename(candidate, $"{original}_imported_{n}");
            if (importer.KeysOf(candidate).All(k => !byKey.ContainsKey(k)))
            {
                return true;
            }
        }
        await Task.CompletedTask;
        return false;
    }

    private PlacementDecision? Decide(EntityKind kind, ImportItem item)
    {
        try
        {
            return _placement.Decide(kind, item);
        }
        catch (ProblemException e)
        {
            return new PlacementDecision(null, "", Visibility.Private, e.Message);
        }
    }

    /// <summary>The entity this import made or matched for an exported id of <paramref name="kind"/>, if any.</summary>
    public CatalogEntity? Imported(EntityKind kind, string sourceId) =>
        _imported.TryGetValue(kind.Plural, out var map) ? map.GetValueOrDefault(sourceId) : null;

    /// <summary>An entity the caller may see, found by this import's id map, else by id here.</summary>
    public async Task<T?> ResolveAsync<T>(EntityKind kind, string reference, CancellationToken cancellationToken) where T : CatalogEntity
    {
        if (Imported(kind, reference) is T imported)
        {
            return imported;
        }
        var found = await db.Set<T>().FirstOrDefaultAsync(e => e.Id == reference, cancellationToken);
        return found is not null && access.CanSee(found) ? found : null;
    }

    /// <summary>An entity this import made or matched, by its name (a tool also by its upstream name).</summary>
    public CatalogEntity? ImportedByName(EntityKind kind, string name) =>
        _imported.TryGetValue(kind.Plural, out var map)
            ? map.Values.FirstOrDefault(e => e.Name == name || (e is Tool tool && tool.OriginalName == name))
            : null;

    public void Warn(string warning) => Warnings.Add(warning);

    public CredentialVault Vault => vault;

    public ExportCipher Cipher => cipher;

    public CatalogAccess Access => access;

    /// <summary>409 (this server fails) when it would serve two tools or prompts under one name.</summary>
    public void RequireDistinctNames(Server server) => ExposedNames.RequireDistinct(db, server);

    public ImportReport Report(DateTime started, DateTime completed, string status)
    {
        int Count(string action) => _entities.Count(e => e.Action == action);
        var progress = new ImportProgress(_entities.Count, _entities.Count, Count(ImportActions.Created), Count(ImportActions.Updated),
            Count(ImportActions.Skipped), Count(ImportActions.Failed));
        var errors = _entities.Where(e => e.Action == ImportActions.Failed).Select(e => $"{e.Type} '{e.SourceName}': {e.Reason}").ToList();
        return new ImportReport(Guid.NewGuid().ToString("N"), status, options.DryRun, options.ConflictStrategy, progress, _entities, errors, Warnings, started, completed);
    }

    private void Remember(EntityKind kind, ImportItem item, CatalogEntity entity)
    {
        if (item.Id is { } sourceId)
        {
            _imported[kind.Plural][sourceId] = entity;
        }
    }

    private void Record(EntityKind kind, ImportItem item, string action, CatalogEntity? entity, string? reason) =>
        _entities.Add(new ImportedEntity(kind.Singular, item.Label, item.Id, action, entity?.Id, entity?.Name, entity?.TeamId, reason));

    /// <summary>An entity the caller may not see is reported without its id or name: a clash says no more than that.</summary>
    private CatalogEntity? Shown(CatalogEntity entity) => access.CanSee(entity) ? entity : null;

    private void Fail(EntityKind kind, ImportItem item, string reason) => Record(kind, item, ImportActions.Failed, null, reason);

    private static bool IsUsableId(string id) => id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
