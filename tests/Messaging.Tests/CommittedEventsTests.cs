using McpGateway.Contracts;
using McpGateway.Messaging.TestHost;
using McpGateway.ServiceDefaults.Data;
using McpGateway.ServiceDefaults.Messaging;
using McpGateway.ServiceDefaults.Messaging.Outbox;
using McpGateway.ServiceDefaults.Messaging.Resync;
using McpGateway.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Messaging.Tests;

/// <summary>
/// What a process hears of its own commits (<see cref="ICommittedEventsObserver"/>, e.g. the teams service's
/// read-your-writes projection): the events of a change once it is committed, never those of a change rolled back.
/// </summary>
public sealed class CommittedEventsTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private readonly Observer _observer = new();
    private ServiceDatabase _database = null!;

    public async ValueTask InitializeAsync()
    {
        _database = ServiceDatabase.Resolve(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:committeddb"] = $"Data Source={_directory.File("committed.db")}" }).Build(), "committed");
        await new MigrationRunner<HostContext>(_database, NullLogger.Instance).MigrateAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_save_outside_a_transaction_is_heard_once_it_is_saved()
    {
        await using var db = Context();
        var created = Stage(db, "ada@example.com");
        Assert.Empty(_observer.Heard);

        await db.SaveChangesAsync(TestContext.Current.CancellationToken);

        Assert.Equal([created.EventId], _observer.Heard.Select(e => e.EventId));
    }

    [Fact]
    public async Task A_save_inside_a_transaction_is_heard_at_its_commit_not_before()
    {
        await using var db = Context();
        await using var transaction = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
        var first = Stage(db, "ada@example.com");
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        var second = Stage(db, "grace@example.com");
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        Assert.Empty(_observer.Heard);

        await transaction.CommitAsync(TestContext.Current.CancellationToken);

        Assert.Equal([first.EventId, second.EventId], _observer.Heard.Select(e => e.EventId));
    }

    [Fact]
    public async Task A_rolled_back_or_abandoned_transaction_is_never_heard_even_when_the_context_commits_later()
    {
        await using var db = Context();
        await using (var transaction = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken))
        {
            Stage(db, "rolled-back@example.com");
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            await transaction.RollbackAsync(TestContext.Current.CancellationToken);
        }
        db.ChangeTracker.Clear();
        await using (var _ = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken))
        {
            Stage(db, "abandoned@example.com");
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        db.ChangeTracker.Clear();

        var later = Stage(db, "later@example.com");
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);

        Assert.Equal([later.EventId], _observer.Heard.Select(e => e.EventId));
    }

    [Fact]
    public void Every_replica_of_a_service_asks_for_a_resync_with_the_same_id_on_the_same_day()
    {
        var day = new DateTime(2026, 11, 27, 0, 0, 0, DateTimeKind.Utc);

        Assert.Equal(ResyncRequester<HostContext>.RequestId("teams", day), ResyncRequester<HostContext>.RequestId("teams", day));
        Assert.NotEqual(ResyncRequester<HostContext>.RequestId("teams", day), ResyncRequester<HostContext>.RequestId("catalog", day));
        Assert.NotEqual(ResyncRequester<HostContext>.RequestId("teams", day), ResyncRequester<HostContext>.RequestId("teams", day.AddDays(1)));
    }

    public ValueTask DisposeAsync()
    {
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }

    private HostContext Context()
    {
        var options = new DbContextOptionsBuilder<HostContext>();
        options.UseServiceDatabase(_database).AddInterceptors(new OutboxInterceptor(new OutboxSignal(), [_observer]));
        return new HostContext(options.Options);
    }

    private static UserCreated Stage(HostContext db, string email)
    {
        var created = new UserCreated(email, null, false, "local");
        db.ProducedUsers.Add(new ProducedUser { Email = email, CreatedAt = DateTime.UtcNow });
        db.AddIntegrationEvent(created);
        return created;
    }

    private sealed class Observer : ICommittedEventsObserver
    {
        public List<IntegrationEvent> Heard { get; } = [];

        public void OnCommitted(IReadOnlyList<IntegrationEvent> events) => Heard.AddRange(events);
    }
}
