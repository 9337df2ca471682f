using System.Diagnostics;
using McpGateway.Catalog.Infrastructure;
using McpGateway.TestSupport;

namespace McpGateway.Migrations.Tests;

/// <summary>
/// The seed's race: a hundred processes run `migrate` on one database at the same moment; every one must succeed
/// and the schema must be complete afterwards. The catalog has the largest schema, so it races.
/// </summary>
public sealed class MigrationRaceTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private const string Service = CatalogContext.ServiceName;
    private static readonly int Processes = int.TryParse(Environment.GetEnvironmentVariable("MIGRATION_RACE_PROCESSES"), out var n) ? n : 100;

    [Fact]
    public async Task A_hundred_processes_migrate_one_fresh_SQLite_database_at_once()
    {
        using var directory = new TempDirectory();
        var database = Database.Sqlite(Service, directory.File("catalog.db"));

        await RaceAsync(database, "SQLite, fresh", fresh: true);
        await SchemaAssert.MatchesModelAsync(Service, database);
    }

    [Fact]
    public async Task A_hundred_processes_start_at_once_on_an_already_migrated_SQLite_database()
    {
        using var directory = new TempDirectory();
        var database = Database.Sqlite(Service, directory.File("catalog.db"));
        await MigrateOnceAsync(database);

        await RaceAsync(database, "SQLite, migrated", fresh: false);
        await SchemaAssert.MatchesModelAsync(Service, database);
    }

    [Fact]
    public async Task A_hundred_processes_migrate_one_fresh_PostgreSQL_database_at_once()
    {
        var database = Database.Postgres(Service, await postgres.CreateDatabaseAsync());

        await RaceAsync(database, "PostgreSQL, fresh", fresh: true);
        await SchemaAssert.MatchesModelAsync(Service, database);
    }

    [Fact]
    public async Task A_hundred_processes_start_at_once_on_an_already_migrated_PostgreSQL_database()
    {
        var database = Database.Postgres(Service, await postgres.CreateDatabaseAsync());
        await MigrateOnceAsync(database);

        await RaceAsync(database, "PostgreSQL, migrated", fresh: false);
        await SchemaAssert.MatchesModelAsync(Service, database);
    }

    private static async Task MigrateOnceAsync(Database database)
    {
        var result = await ServiceProcess.RunAsync(Service, database.Environment, TimeSpan.FromMinutes(1), "migrate");
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    private static async Task RaceAsync(Database database, string label, bool fresh)
    {
        var latest = ServiceSchemas.LatestMigration(Service);
        var clock = Stopwatch.StartNew();
        var processes = Enumerable.Range(0, Processes).Select(_ => ServiceProcess.Start(Service, database.Environment, "migrate")).ToList();
        var results = await Task.WhenAll(processes.Select(p => ServiceProcess.CollectAsync(p, TimeSpan.FromMinutes(5))));
        clock.Stop();
        processes.ForEach(p => p.Dispose());

        var failures = results.Where(r => r.ExitCode != 0 || !r.Output.Contains($"schema version {latest}")).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine($"{label}: {results.Length - failures.Count} of {results.Length} processes succeeded in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(failures.Count == 0, $"{failures.Count} of {results.Length} failed; first:\n{failures.FirstOrDefault()}");
        // Exactly one process did the work; every other found the schema current once it held the lock.
        Assert.Equal(fresh ? 1 : 0, results.Count(r => !r.Output.Contains("(0 of ")));
    }
}
