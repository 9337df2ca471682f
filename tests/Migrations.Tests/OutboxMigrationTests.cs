using McpGateway.Auth.Infrastructure;
using McpGateway.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace McpGateway.Migrations.Tests;

/// <summary>
/// The auth service's first outbox had no order of its own and was never relayed: the messaging migration rebuilds it
/// with a sequence and keeps every event still pending, in the order they occurred, dropping the ones already sent.
/// </summary>
public sealed class OutboxMigrationTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private const string Service = AuthContext.ServiceName;
    private const string BeforeMessaging = "20261121000003_OAuthProvider";

    [Fact]
    public async Task Pending_events_of_the_first_outbox_survive_the_rebuild_in_order_on_SQLite()
    {
        using var directory = new TempDirectory();
        await AssertPendingEventsKeptAsync(Database.Sqlite(Service, directory.File("auth.db")));
    }

    [Fact]
    public async Task Pending_events_of_the_first_outbox_survive_the_rebuild_in_order_on_PostgreSQL()
    {
        await AssertPendingEventsKeptAsync(Database.Postgres(Service, await postgres.CreateDatabaseAsync()));
    }

    private static async Task AssertPendingEventsKeptAsync(Database database)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using (var context = ServiceSchemas.CreateContext(Service, database))
        {
            await context.GetService<IMigrator>().MigrateAsync(BeforeMessaging, cancellationToken);
            var insert = "INSERT INTO outbox_messages (id, type, payload, occurred_at, dispatched_at) VALUES ({0}, {1}, {2}, {3}, {4})";
            await context.Database.ExecuteSqlRawAsync(insert, ["second", "McpGateway.Contracts.UserCreated", """{"email":"b@example.com"}""", new DateTime(2026, 11, 21, 10, 0, 2, DateTimeKind.Utc), null!], cancellationToken);
            await context.Database.ExecuteSqlRawAsync(insert, ["sent", "McpGateway.Contracts.UserCreated", """{"email":"s@example.com"}""", new DateTime(2026, 11, 21, 10, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 21, 10, 0, 5, DateTimeKind.Utc)], cancellationToken);
            await context.Database.ExecuteSqlRawAsync(insert, ["first", "McpGateway.Contracts.TokenRevoked", """{"jti":"j"}""", new DateTime(2026, 11, 21, 10, 0, 1, DateTimeKind.Utc), null!], cancellationToken);
        }

        var result = await ServiceProcess.RunAsync(Service, database.Environment, TimeSpan.FromMinutes(1), "migrate");

        Assert.True(result.ExitCode == 0, result.ToString());
        await SchemaAssert.MatchesModelAsync(Service, database);
        await using var migrated = (AuthContext)ServiceSchemas.CreateContext(Service, database);
        var outbox = await migrated.Database.SqlQueryRaw<OutboxRow>("SELECT sequence AS \"Sequence\", message_id AS \"MessageId\", dispatched_at AS \"DispatchedAt\" FROM outbox_messages ORDER BY sequence")
            .ToListAsync(cancellationToken);
        Assert.Equal(["first", "second"], outbox.Select(r => r.MessageId));
        Assert.All(outbox, r => Assert.Null(r.DispatchedAt));
        Assert.True(outbox[0].Sequence < outbox[1].Sequence);
    }

    private sealed record OutboxRow(long Sequence, string MessageId, DateTime? DispatchedAt);
}
