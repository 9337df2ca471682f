using MassTransit;
using MassTransit.Mediator;
using McpGateway.Contracts;
using McpGateway.Messaging.TestHost;
using McpGateway.ServiceDefaults.Authentication;
using McpGateway.ServiceDefaults.Data;
using McpGateway.ServiceDefaults.Messaging;
using McpGateway.ServiceDefaults.Messaging.Inbox;
using McpGateway.ServiceDefaults.Messaging.Revocations;
using McpGateway.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Messaging.Tests;

/// <summary>
/// Every service's deny-list as the auth service's events fill it: a revoked token and a deactivated or deleted user's
/// earlier tokens are refused at once, still after a restart (the entries are in the service's own database and loaded
/// before it serves), and a redelivered event changes nothing.
/// </summary>
public sealed class DenyListTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private ServiceDatabase _database = null!;

    public async ValueTask InitializeAsync()
    {
        _database = ServiceDatabase.Resolve(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:denylistdb"] = $"Data Source={_directory.File("denylist.db")}" }).Build(), "denylist");
        await new MigrationRunner<HostContext>(_database, NullLogger.Instance).MigrateAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public void Tokens_a_user_was_issued_before_a_deactivation_are_refused_and_later_ones_accepted()
    {
        var list = new TokenDenyList(TimeProvider.System);
        var deactivatedAt = new DateTimeOffset(2026, 11, 22, 10, 0, 30, 500, TimeSpan.Zero);
        list.RevokeSubject("ada@example.com", deactivatedAt, deactivatedAt.AddDays(366));

        Assert.True(list.IsRevoked("any-jti", "ada@example.com", deactivatedAt.AddMinutes(-5)));
        Assert.True(list.IsRevoked("any-jti", "ADA@example.com", deactivatedAt.AddMinutes(-5)));
        // `iat` has whole seconds: a token of the same second may predate the deactivation, so it is refused.
        Assert.True(list.IsRevoked("any-jti", "ada@example.com", new DateTimeOffset(2026, 11, 22, 10, 0, 30, TimeSpan.Zero)));
        Assert.True(list.IsRevoked("any-jti", "ada@example.com", null));
        Assert.False(list.IsRevoked("any-jti", "ada@example.com", new DateTimeOffset(2026, 11, 22, 10, 0, 31, TimeSpan.Zero)));
        Assert.False(list.IsRevoked("any-jti", "grace@example.com", deactivatedAt.AddMinutes(-5)));
    }

    [Fact]
    public void A_later_revocation_of_a_user_moves_the_cut_forward_never_back()
    {
        var list = new TokenDenyList(TimeProvider.System);
        var first = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
        list.RevokeSubject("ada@example.com", first.AddHours(1), first.AddDays(366));
        list.RevokeSubject("ada@example.com", first, first.AddDays(366));

        Assert.True(list.IsRevoked(null, "ada@example.com", first.AddMinutes(30)));
    }

    [Fact]
    public async Task A_consumed_revocation_is_refused_now_and_again_after_a_restart_and_a_redelivery_changes_nothing()
    {
        var revoked = new TokenRevoked("jti-1", DateTime.UtcNow.AddHours(1), "ada@example.com");
        var deactivated = new UserDeactivated("grace@example.com");
        var deleted = new UserDeleted("alan@example.com");
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);

        await using (var service = Service())
        {
            var mediator = service.GetRequiredService<IMediator>();
            foreach (var message in new IntegrationEvent[] { revoked, deactivated, deleted, revoked, deactivated })
            {
                await mediator.Send(message, message.GetType(), TestContext.Current.CancellationToken);
            }
            var list = service.GetRequiredService<TokenDenyList>();
            Assert.True(list.IsRevoked("jti-1"));
            Assert.True(list.IsRevoked("other", "grace@example.com", before));
            Assert.True(list.IsRevoked("other", "alan@example.com", before));
        }

        await using (var restarted = Service())
        {
            var list = restarted.GetRequiredService<TokenDenyList>();
            Assert.False(list.IsRevoked("jti-1"));
            using var loader = ActivatorUtilities.CreateInstance<DenyListLoader<HostContext>>(restarted);
            await loader.StartAsync(TestContext.Current.CancellationToken);

            Assert.True(list.IsRevoked("jti-1"));
            Assert.True(list.IsRevoked("other", "grace@example.com", before));
            Assert.True(list.IsRevoked("other", "alan@example.com", before));
            Assert.False(list.IsRevoked("other", "grace@example.com", DateTimeOffset.UtcNow.AddMinutes(1)));
            await using var scope = restarted.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<HostContext>();
            Assert.Equal(1, await db.Set<DeniedToken>().CountAsync(TestContext.Current.CancellationToken));
            Assert.Equal(2, await db.Set<DeniedUser>().CountAsync(TestContext.Current.CancellationToken));
            // Three events applied once each: the two redeliveries were recognised.
            Assert.Equal(3, await db.Set<InboxMessage>().CountAsync(TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public async Task A_revocation_stored_while_this_replica_was_not_listening_is_refused_after_its_next_reload()
    {
        await using var replica = Service(reloadInterval: TimeSpan.FromMilliseconds(100));
        using var loader = ActivatorUtilities.CreateInstance<DenyListLoader<HostContext>>(replica);
        await loader.StartAsync(TestContext.Current.CancellationToken);
        var list = replica.GetRequiredService<TokenDenyList>();
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);
        Assert.False(list.IsRevoked("jti-unheard"));

        // What the service's queue consumer (in another replica) stores for an event published before this replica's
        // own queue existed: this replica's memory never hears that event.
        await using (var scope = replica.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HostContext>();
            db.Set<DeniedToken>().Add(new DeniedToken { Jti = "jti-unheard", ExpiresAt = DateTime.UtcNow.AddHours(1), RevokedAt = DateTime.UtcNow });
            db.Set<DeniedUser>().Add(new DeniedUser { Email = "grace@example.com", IssuedBefore = DateTime.UtcNow, KeepUntil = DateTime.UtcNow.AddDays(1) });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await Eventually.HoldsAsync(() => Task.FromResult(list.IsRevoked("jti-unheard") && list.IsRevoked("other", "grace@example.com", before)),
            TimeSpan.FromSeconds(10), "The stored revocations did not reach the replica's deny-list.");
        await loader.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task The_replica_consumer_fills_a_replicas_memory_without_a_database()
    {
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<TokenDenyList>();
        services.AddMediator(mediator => mediator.AddConsumer<ReplicaDenyListConsumer>());
        await using var replica = services.BuildServiceProvider();
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);

        var mediator = replica.GetRequiredService<IMediator>();
        foreach (var message in new IntegrationEvent[] { new TokenRevoked("jti-2", null, "ada@example.com"), new UserDeactivated("grace@example.com"), new UserDeleted("alan@example.com") })
        {
            await mediator.Send(message, message.GetType(), TestContext.Current.CancellationToken);
        }

        var list = replica.GetRequiredService<TokenDenyList>();
        Assert.True(list.IsRevoked("jti-2"));
        Assert.True(list.IsRevoked("other", "grace@example.com", before));
        Assert.True(list.IsRevoked("other", "alan@example.com", before));
        Assert.False(list.IsRevoked("other", "grace@example.com", DateTimeOffset.UtcNow.AddMinutes(1)));
    }

    /// <summary>The deny-list consumer in a container of its own, through the same mediator and filter as the local transport.</summary>
    private ServiceProvider Service(TimeSpan? reloadInterval = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMetrics();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<TokenDenyList>();
        services.AddSingleton(new MessagingSettings
        {
            Queue = "denylist",
            LocalBusFile = _directory.File("bus.db"),
            DenyListReloadInterval = reloadInterval ?? TimeSpan.FromSeconds(30),
        });
        services.AddSingleton<MessagingMetrics>();
        services.AddDbContext<HostContext>(options => options.UseServiceDatabase(_database));
        services.AddMediator(mediator =>
        {
            mediator.AddConsumer<DenyListConsumer<HostContext>>();
            mediator.ConfigureMediator((context, configurator) => configurator.ConnectConsumerConfigurationObserver(
                new IdempotentConsumersObserver<HostContext>(context.GetRequiredService<MessagingSettings>(), context.GetRequiredService<MessagingMetrics>(), TimeProvider.System)));
        });
        return services.BuildServiceProvider();
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
