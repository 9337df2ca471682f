using System.Text;
using System.Text.Json;
using McpGateway.Catalog.Apis;
using McpGateway.Catalog.Model;
using McpGateway.Catalog.Security;
using McpGateway.ServiceDefaults.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Catalog.Infrastructure;

/// <summary>
/// The reads and saves every kind of entity shares: the caller's visible set filtered and paged in SQL (ordered by
/// name, then id, so pages are stable), one visible entity or 404, and saves whose unique-key conflicts answer 409.
/// </summary>
public sealed class EntityQueries(CatalogContext db, CatalogAccess access)
{
    /// <summary>What <paramref name="query"/> selects among the entities the caller may see, not yet paged.</summary>
    public IQueryable<T> Visible<T>(ListQuery query) where T : CatalogEntity
    {
        var tags = query.Tags is { } text ? Fields.Tags(text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) : [];
        var source = tags.Count > 0 ? WithAnyTag(db.Set<T>(), tags) : db.Set<T>();
        source = source.AsNoTracking().Where(access.Visible<T>());
        if (query.IncludeInactive != true)
        {
            source = source.Where(e => e.Enabled);
        }
        if (query.TeamId is { } teamId)
        {
            var team = Fields.Id("team_id", teamId);
            source = source.Where(e => e.TeamId == team);
        }
        if (query.Visibility is { } visibility)
        {
            var wanted = Fields.Visibility(visibility);
            source = source.Where(e => e.Visibility == wanted);
        }
        if (Input.Text("search", query.Search, 200)?.ToLowerInvariant() is { } search)
        {
            // A substring (instr/strpos), not LIKE: '%' and '_' in what was typed match themselves.
            source = source.Where(e => e.Name.ToLower().Contains(search));
        }
        return source;
    }

    /// <summary>One page, ordered stably, with the visible total when the caller asked for it.</summary>
    public async Task<(List<T> Items, int? Total, int Skip, int Limit)> PageAsync<T>(IQueryable<T> source, ListQuery query, CancellationToken cancellationToken)
        where T : CatalogEntity
    {
        var (skip, limit) = Input.Page(query.Skip, query.Limit);
        var items = await source.OrderBy(e => e.Name).ThenBy(e => e.Id).Skip(skip).Take(limit).ToListAsync(cancellationToken);
        int? total = query.IncludePagination == true ? await source.CountAsync(cancellationToken) : null;
        return (items, total, skip, limit);
    }

    /// <summary>The entity if it exists and the caller may see it (decided by the shared policy), else 404.</summary>
    public async Task<T> FindVisibleAsync<T>(IQueryable<T> source, EntityKind kind, string id, CancellationToken cancellationToken) where T : CatalogEntity
    {
        access.RequireNotServerScoped(kind);
        var key = Fields.Id("id", id);
        var entity = await source.FirstOrDefaultAsync(e => e.Id == key, cancellationToken);
        return entity is not null && access.CanSee(entity) ? entity : throw CatalogAccess.NotFound(kind.Singular, key);
    }

    /// <summary>Saves; a unique key taken meanwhile (a name, a URL, an id) is a 409 saying what clashed.</summary>
    public async Task SaveAsync(string conflict, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            throw ProblemException.Conflict(conflict);
        }
    }

    public static bool IsUniqueViolation(DbUpdateException exception) => exception.InnerException switch
    {
        // SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY: not every constraint (a foreign key, NOT NULL) is a duplicate.
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        Npgsql.PostgresException postgres => postgres.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    /// <summary>
    /// Entities carrying any of <paramref name="tags"/>. Tags are stored as a JSON array in a text column, so the match is
    /// a LIKE on the quoted tag, written the way the column writes it; it serves SQLite and PostgreSQL alike.
    /// </summary>
    private IQueryable<T> WithAnyTag<T>(DbSet<T> set, IReadOnlyList<string> tags) where T : CatalogEntity
    {
        var table = db.Model.FindEntityType(typeof(T))!.GetTableName();
        var sql = new StringBuilder($"SELECT * FROM {table} WHERE ");
        var patterns = new object[tags.Count];
        for (var i = 0; i < tags.Count; i++)
        {
            sql.Append(i == 0 ? "" : " OR ").Append($"tags LIKE {{{i}}} ESCAPE '\\'");
            patterns[i] = $"%{EscapeLike(JsonSerializer.Serialize(tags[i]))}%";
        }
        return set.FromSqlRaw(sql.ToString(), patterns);
    }

    private static string EscapeLike(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
