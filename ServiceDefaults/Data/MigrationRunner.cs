using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;

namespace McpGateway.ServiceDefaults.Data;

/// <summary>The database's schema is newer than this build: refuse rather than run old code against it.</summary>
public sealed class SchemaTooNewException(string service, string databaseVersion, string codeVersion)
    : Exception($"The {service} database is at schema version {databaseVersion}, newer than this build's latest {codeVersion}. " +
                "Run a build at least as new as the database (or restore a matching backup); refusing to start.")
{
    public string DatabaseVersion { get; } = databaseVersion;
    public string CodeVersion { get; } = codeVersion;
}

/// <summary>A migration failed; its transaction was rolled back, so the database is at the version before it.</summary>
public sealed class MigrationFailedException(string service, string migration, string appliedVersion, Exception inner)
    : Exception($"Migration {migration} of the {service} database failed and was rolled back; the schema stays at {appliedVersion}. " +
                $"Cause: {inner.Message}", inner)
{
    public string Migration { get; } = migration;
}

/// <summary>What a migration run found and did.</summary>
public sealed record MigrationResult(string Service, string SchemaVersion, int Applied, int Total);

/// <summary>
/// Applies a service's EF Core migrations under an exclusive lock (<see cref="MigrationLock"/>), one migration per
/// transaction, so any number of replicas may start at once and a killed migrator leaves nothing to repair:
/// its transaction rolls back, its lock dies with it, and the next start finishes the job.
/// </summary>
public sealed class MigrationRunner<TContext>(TContext context, ServiceDatabase database, ILogger<MigrationRunner<TContext>> logger)
    where TContext : DbContext
{
    private static readonly ActivitySource Source = new(Telemetry.SourceName);
    public const string NoSchema = "none";

    public async Task<MigrationResult> MigrateAsync(CancellationToken cancellationToken = default)
    {
        using var activity = Source.StartActivity($"migrate {database.ServiceName}");
        activity?.SetTag("db.system", database.Provider == DatabaseProvider.Postgres ? "postgresql" : "sqlite");

        var started = Stopwatch.GetTimestamp();
        await using (await MigrationLock.AcquireAsync(database, logger, cancellationToken))
        {
            await PrepareAsync(cancellationToken);

            var known = context.Database.GetMigrations().ToList();
            var applied = (await context.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
            var codeVersion = known.LastOrDefault() ?? NoSchema;
            var unknown = applied.Except(known).ToList();
            if (unknown.Count > 0)
            {
                throw new SchemaTooNewException(database.ServiceName, applied.Max(StringComparer.Ordinal)!, codeVersion);
            }

            var pending = known.Except(applied).ToList();
            var migrator = context.GetService<IMigrator>();
            var current = applied.LastOrDefault() ?? NoSchema;
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

            activity?.SetTag("mcpgateway.schema_version", codeVersion);
            logger.LogInformation("The {Service} database ({Database}) is at schema version {Version}: {Applied} migration(s) applied in {Elapsed} ms",
                database.ServiceName, database.Describe(), codeVersion, pending.Count, (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return new MigrationResult(database.ServiceName, codeVersion, pending.Count, known.Count);
        }
    }

    /// <summary>Runs with the lock held, so no other migrator is alive.</summary>
    private async Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (database.Provider == DatabaseProvider.Postgres)
        {
            // An identifier cannot be a parameter; quote it (doubling any quote) instead.
            var createSchema = "CREATE SCHEMA IF NOT EXISTS \"" + database.Schema!.Replace("\"", "\"\"") + "\"";
            await context.Database.ExecuteSqlRawAsync(createSchema, cancellationToken);
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(database.SqliteFile)!);
        var connection = context.Database.GetDbConnection();
        await context.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            // WAL lets readers run beside a writer; the mode is stored in the file, so setting it once is enough.
            await ExecuteAsync(connection, "PRAGMA journal_mode=WAL;", cancellationToken);
            // EF Core's own SQLite migration lock is a row that outlives a killed process and would block every later
            // Migrate() forever. Holding our OS lock proves its owner is dead, so the row is safe to clear.
            var hasEfLock = await ExecuteAsync(connection,
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsLock';", cancellationToken);
            if (Convert.ToInt64(hasEfLock) > 0
                && Convert.ToInt64(await ExecuteAsync(connection, "DELETE FROM \"__EFMigrationsLock\"; SELECT changes();", cancellationToken)) > 0)
            {
                logger.LogWarning("Cleared a stale EF Core migration lock left in the {Service} database by a process that died while migrating",
                    database.ServiceName);
            }
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }

    private static async Task<object?> ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
