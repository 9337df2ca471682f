using McpGateway.Catalog.Infrastructure;
using McpGateway.ServiceDefaults.Data;
using McpGateway.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Migrations.Tests;

public sealed class SchemaVersionTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private const string Service = CatalogContext.ServiceName;
    private const string FutureMigration = "29991231000000_FromANewerRelease";

    [Fact]
    public async Task A_SQLite_database_from_a_newer_release_is_refused_naming_both_versions()
    {
        using var directory = new TempDirectory();
        await AssertNewerDatabaseRefusedAsync(Database.Sqlite(Service, directory.File("catalog.db")));
    }

    [Fact]
    public async Task A_PostgreSQL_database_from_a_newer_release_is_refused_naming_both_versions()
    {
        await AssertNewerDatabaseRefusedAsync(Database.Postgres(Service, await postgres.CreateDatabaseAsync()));
    }

    [Theory]
    [MemberData(nameof(ServiceSchemas.Names), MemberType = typeof(ServiceSchemas))]
    public async Task Each_service_migrates_SQLite_to_exactly_its_model(string service)
    {
        using var directory = new TempDirectory();
        var database = Database.Sqlite(service, directory.File($"{service}.db"));

        var result = await ServiceProcess.RunAsync(service, database.Environment, TimeSpan.FromMinutes(1), "migrate");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"{service} schema version {ServiceSchemas.LatestMigration(service)}", result.Output);
        await SchemaAssert.MatchesModelAsync(service, database);
    }

    [Theory]
    [MemberData(nameof(ServiceSchemas.Names), MemberType = typeof(ServiceSchemas))]
    public async Task Each_service_migrates_PostgreSQL_to_exactly_its_model(string service)
    {
        var database = Database.Postgres(service, await postgres.CreateDatabaseAsync());

        var result = await ServiceProcess.RunAsync(service, database.Environment, TimeSpan.FromMinutes(1), "migrate");

        Assert.True(result.ExitCode == 0, result.ToString());
        await SchemaAssert.MatchesModelAsync(service, database);
    }

    [Fact]
    public async Task All_services_migrate_one_shared_PostgreSQL_database_at_once_each_into_its_own_schema()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var runs = ServiceSchemas.Contexts.Keys
            .SelectMany(service => Enumerable.Repeat(service, 5))
            .Select(service => ServiceProcess.RunAsync(service, Database.Postgres(service, connectionString).Environment, TimeSpan.FromMinutes(2), "migrate"));

        var results = await Task.WhenAll(runs);

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.ToString()));
        foreach (var service in ServiceSchemas.Contexts.Keys)
        {
            await SchemaAssert.MatchesModelAsync(service, Database.Postgres(service, connectionString));
        }
    }

    private static async Task AssertNewerDatabaseRefusedAsync(Database database)
    {
        var first = await ServiceProcess.RunAsync(Service, database.Environment, TimeSpan.FromMinutes(1), "migrate");
        Assert.True(first.ExitCode == 0, first.ToString());
        await using (var context = ServiceSchemas.CreateContext(Service, database))
        {
            var history = database.Target.Provider == DatabaseProvider.Postgres ? $"\"{database.Target.Schema}\".\"__EFMigrationsHistory\"" : "\"__EFMigrationsHistory\"";
            var insert = "INSERT INTO " + history + " (\"MigrationId\", \"ProductVersion\") VALUES ({0}, '99.0.0')";
            await context.Database.ExecuteSqlRawAsync(insert, [FutureMigration], TestContext.Current.CancellationToken);
        }

        var refused = await ServiceProcess.RunAsync(Service, database.Environment, TimeSpan.FromMinutes(1), "migrate");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains(FutureMigration, refused.Error);
        Assert.Contains(ServiceSchemas.LatestMigration(Service), refused.Error);
        Assert.Contains("newer than this build", refused.Error);
    }
}
