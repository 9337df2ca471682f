using McpGateway.Catalog.Infrastructure;
using McpGateway.TestSupport;
using Microsoft.Data.Sqlite;

namespace McpGateway.Migrations.Tests;

/// <summary>A migrator killed with SIGKILL at any moment leaves nothing to repair: the next start completes the job.</summary>
public sealed class KilledMigrationTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private const string Service = CatalogContext.ServiceName;

    [Fact]
    public async Task Migrators_killed_at_any_moment_leave_a_SQLite_database_the_next_start_completes()
    {
        using var directory = new TempDirectory();
        var database = Database.Sqlite(Service, directory.File("catalog.db"));

        await KillRepeatedlyThenMigrateAsync(database);
        await SchemaAssert.MatchesModelAsync(Service, database);
    }

    [Fact]
    public async Task Migrators_killed_at_any_moment_leave_a_PostgreSQL_database_the_next_start_completes()
    {
        var database = Database.Postgres(Service, await postgres.CreateDatabaseAsync());

        await KillRepeatedlyThenMigrateAsync(database);
        await SchemaAssert.MatchesModelAsync(Service, database);
    }

    /// <summary>
    /// EF Core's SQLite migration lock is a row; a process killed while holding it leaves it behind, and without our
    /// cleanup every later start would wait on it forever. This is exactly the state such a kill leaves.
    /// </summary>
    [Fact]
    public async Task A_stale_EF_Core_lock_row_left_by_a_killed_migrator_does_not_block_the_next_start()
    {
        using var directory = new TempDirectory();
        var database = Database.Sqlite(Service, directory.File("catalog.db"));
        await using (var connection = new SqliteConnection(database.Target.ConnectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE "__EFMigrationsLock" ("Id" INTEGER NOT NULL CONSTRAINT "PK___EFMigrationsLock" PRIMARY KEY, "Timestamp" TEXT NOT NULL);
                INSERT INTO "__EFMigrationsLock" VALUES (1, '2026-01-01 00:00:00+00:00');
                """;
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        SqliteConnection.ClearAllPools();

        var result = await ServiceProcess.RunAsync(Service, database.Environment, TimeSpan.FromSeconds(60), "migrate");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Cleared a stale EF Core migration lock", result.Output);
        await SchemaAssert.MatchesModelAsync(Service, database);
    }

    /// <summary>
    /// Kills `migrate` after delays spread over a whole run (start-up, waiting for the lock, inside the migration,
    /// committing), on the same database, then starts it once more and expects success.
    /// </summary>
    private static async Task KillRepeatedlyThenMigrateAsync(Database database)
    {
        var output = TestContext.Current.TestOutputHelper;
        for (var delay = 100; delay <= 1500; delay += 100)
        {
            using var process = ServiceProcess.Start(Service, database.Environment, "migrate");
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            await Task.Delay(delay);
            var killed = !process.HasExited;
            if (killed)
            {
                process.Kill(); // SIGKILL: no cleanup code runs.
            }
            await process.WaitForExitAsync();
            output?.WriteLine(killed ? $"killed after {delay} ms" : $"finished before {delay} ms");
            if (!killed)
            {
                break; // Migration now completes before the kill; later delays test nothing new.
            }
        }

        var result = await ServiceProcess.RunAsync(Service, database.Environment, TimeSpan.FromSeconds(60), "migrate");
        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
