using System.Data.Common;
using System.Diagnostics;
using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace McpGateway.ServiceDefaults.Data;

/// <summary>The database's schema is newer than this build: refuse rather than run old code against it.</summary>
public sealed class SchemaTooNewException(string service, string databaseVersion, string codeVersion)
    : Exception($"The {service} database is at schema version {databaseVersion}, newer than this build's latest {codeVersion}. " +
                "Run a build at least as new as the database (or restore a matching backup); refusing to start.");

/// <summary>A migration failed; its transaction was rolled back, so the database stays at the version before it.</summary>
public sealed class MigrationFailedException(string service, string migration, string appliedVersion, Exception inner)
    : Exception($"Migration {migration} of the {service} database failed and was rolled back; the schema stays at {appliedVersion}. " +
                $"Cause: {inner.Message}", inner);

/// <summary>What a migration run found and did.</summary>
public sealed record MigrationResult(string Service, string SchemaVersion, int Applied, int Total);

/// <summary>
/// Applies a service's EF Core migrations under an exclusive lock (<see cref="MigrationLock"/>), one migration per
/// transaction, so any number of replicas may start at once and a killed migrator leaves nothing to repair:
/// its transaction rolls back, its lock dies with it, and the next start finishes the job.
/// The common case, a database already current, is answered with one plain query and never loads EF Core's
/// migration machinery, so a hundred replicas starting together cost little more than one.
/// </summary>
public sealed class MigrationRunner<TContext>(ServiceDatabase database, ILogger logger) where TContext : DbContext
{
    private static readonly ActivitySource Source = new(Telemetry.SourceName);
    public const string NoSchema = "none";
    private const string HistoryTable = "__EFMigrationsHistory";

    /// <summary>The migration ids compiled into this build, oldest first (as EF Core orders them).</summary>
    public static IReadOnlyList<string> KnownMigrations { get; } = typeof(TContext).Assembly.GetTypes()
        .Where(t => t.GetCustomAttribute<DbContextAttribute>()?.ContextType == typeof(TContext))
        .Select(t => t.GetCustomAttribute<MigrationAttribute>()?.Id)
        .OfType<string>()
        .Order(StringComparer.OrdinalIgnoreCase)
        .ToList();

    public async Task<MigrationResult> MigrateAsync(CancellationToken cancellationToken = default)
    {
        using var activity = Source.StartActivity($"migrate {database.ServiceName}");
        activity?.SetTag("db.system", database.Provider == DatabaseProvider.Postgres ? "postgresql" : "sqlite");
        var started = Stopwatch.GetTimestamp();

        // First without the lock: the committed history is safe to read at any time, and when it shows the schema
        // current (a replica restarting, the common case) there is nothing to wait for. Only a replica that sees
        // pending migrations takes the exclusive lock and reads again under it.
        if (database.Provider == DatabaseProvider.Postgres)
        {
            await using var session = await MigrationLock.AdvisoryLockSession.OpenAsync(database, logger, cancellationToken);
            if (await ReadAppliedIfCurrentAsync(session.Connection, cancellationToken) is { } current)
            {
                return await CompleteAsync(current);
            }
            await session.LockAsync(cancellationToken);
            return await CompleteAsync(await PrepareAndReadAppliedAsync(session.Connection, cancellationToken));
        }
        if (File.Exists(database.SqliteFile))
        {
            await using var sqlite = new SqliteConnection(database.ConnectionString);
            await sqlite.OpenAsync(cancellationToken);
            if (await TableExistsAsync(sqlite, HistoryTable, cancellationToken)
                && IsCurrent(await ReadAppliedAsync(sqlite, $"\"{HistoryTable}\"", cancellationToken)) is { } current)
            {
                return await CompleteAsync(current);
            }
        }
        await using (await MigrationLock.AcquireFileLockAsync(database, logger, cancellationToken))
        {
            return await CompleteAsync(await PrepareAndReadAppliedAsync(cancellationToken));
        }

        async Task<MigrationResult> CompleteAsync(List<string> applied)
        {
            var known = KnownMigrations;
            var codeVersion = known.LastOrDefault() ?? NoSchema;
            if (applied.Except(known).Any())
            {
                throw new SchemaTooNewException(database.ServiceName, applied.Max(StringComparer.Ordinal)!, codeVersion);
            }

            var pending = known.Except(applied).ToList();
            if (pending.Count > 0)
            {
                await ApplyAsync(pending, applied.LastOrDefault() ?? NoSchema, cancellationToken);
            }

            activity?.SetTag("mcpgateway.schema_version", codeVersion);
            logger.LogInformation("The {Service} database ({Database}) is at schema version {Version}: {Applied} migration(s) applied in {Elapsed} ms",
                database.ServiceName, database.Describe(), codeVersion, pending.Count, (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return new MigrationResult(database.ServiceName, codeVersion, pending.Count, known.Count);
        }
    }

    /// <summary>The applied migrations when nothing this build knows is pending (newer ones are refused later), else null.</summary>
    private static List<string>? IsCurrent(List<string> applied) => KnownMigrations.Except(applied).Any() ? null : applied;

    private async Task<List<string>?> ReadAppliedIfCurrentAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var exists = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL", connection);
        exists.Parameters.AddWithValue("table", $"{QuotedSchema}.\"{HistoryTable}\"");
        return (bool)(await exists.ExecuteScalarAsync(cancellationToken))!
            ? IsCurrent(await ReadAppliedAsync(connection, $"{QuotedSchema}.\"{HistoryTable}\"", cancellationToken))
            : null;
    }

    // An identifier cannot be a parameter; quote it (doubling any quote) instead.
    private string QuotedSchema => "\"" + database.Schema!.Replace("\"", "\"\"") + "\"";

    private async Task ApplyAsync(List<string> pending, string current, CancellationToken cancellationToken)
    {
        var options = new DbContextOptionsBuilder<TContext>().UseServiceDatabase(database).Options;
        await using var context = (TContext)Activator.CreateInstance(typeof(TContext), options)!;
        var migrator = context.GetService<IMigrator>();
        foreach (var migration in pending)
        {
            logger.LogInformation("Applying migration {Migration} to the {Service} database", migration, database.ServiceName);
            try
            {
                await migrator.MigrateAsync(migration, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new MigrationFailedException(database.ServiceName, migration, current, e);
            }
            current = migration;
        }
    }

    /// <summary>PostgreSQL, on the lock's session, so no other migrator is alive. Returns the applied migration ids.</summary>
    private async Task<List<string>> PrepareAndReadAppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var schema = QuotedSchema;
        await ExecuteAsync(connection, $"CREATE SCHEMA IF NOT EXISTS {schema};" +
            $"CREATE TABLE IF NOT EXISTS {schema}.\"{HistoryTable}\" (\"MigrationId\" varchar(150) NOT NULL PRIMARY KEY, \"ProductVersion\" varchar(32) NOT NULL);",
            cancellationToken);
        return await ReadAppliedAsync(connection, $"{schema}.\"{HistoryTable}\"", cancellationToken);
    }

    /// <summary>SQLite, with the file lock held, so no other migrator is alive. Returns the applied migration ids.</summary>
    private async Task<List<string>> PrepareAndReadAppliedAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(database.SqliteFile)!);
        await using var sqlite = new SqliteConnection(database.ConnectionString);
        await sqlite.OpenAsync(cancellationToken);
        // WAL lets readers run beside a writer; the mode is stored in the file, so this is a no-op after the first time.
        await ExecuteAsync(sqlite, "PRAGMA journal_mode=WAL;", cancellationToken);
        // EF Core's own SQLite migration lock is a row that outlives a killed process and would block every later
        // Migrate() forever. Holding our OS lock proves its owner is dead, so the row is safe to clear.
        if (await TableExistsAsync(sqlite, "__EFMigrationsLock", cancellationToken)
            && Convert.ToInt64(await ExecuteAsync(sqlite, "DELETE FROM \"__EFMigrationsLock\"; SELECT changes();", cancellationToken)) > 0)
        {
            logger.LogWarning("Cleared a stale EF Core migration lock left in the {Service} database by a process that died while migrating",
                database.ServiceName);
        }
        return await TableExistsAsync(sqlite, HistoryTable, cancellationToken)
            ? await ReadAppliedAsync(sqlite, $"\"{HistoryTable}\"", cancellationToken)
            : [];
    }

    private static async Task<bool> TableExistsAsync(SqliteConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $name;";
        command.Parameters.AddWithValue("$name", table);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken)) > 0;
    }

    private static async Task<List<string>> ReadAppliedAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT \"MigrationId\" FROM {table} ORDER BY \"MigrationId\";";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var applied = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            applied.Add(reader.GetString(0));
        }
        return applied;
    }

    private static async Task<object?> ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
