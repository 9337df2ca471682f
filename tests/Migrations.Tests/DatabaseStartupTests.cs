using McpGateway.Catalog.Infrastructure;
using McpGateway.TestSupport;

namespace McpGateway.Migrations.Tests;

/// <summary>In a cluster a replica may start before its database does; it waits instead of crash-looping.</summary>
public sealed class DatabaseStartupTests
{
    private const string Service = CatalogContext.ServiceName;

    [Fact]
    public async Task A_migrator_started_before_PostgreSQL_waits_for_it_and_completes()
    {
        await using var postgres = new PostgresServer { Port = PostgresServer.FreePort() };
        var database = Database.Postgres(Service, postgres.ConnectionString("postgres"));
        using var migrator = ServiceProcess.Start(Service, database.Environment, "migrate");
        var result = ServiceProcess.CollectAsync(migrator, TimeSpan.FromMinutes(2));

        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        Assert.False(migrator.HasExited, "the migrator gave up while the database was still starting");
        await postgres.InitializeAsync();
        postgres.Require();

        var finished = await result;
        Assert.True(finished.ExitCode == 0, finished.ToString());
        Assert.Contains("The database is not reachable yet", finished.Output);
        await SchemaAssert.MatchesModelAsync(Service, database);
    }
}
