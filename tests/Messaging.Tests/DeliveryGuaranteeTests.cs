using McpGateway.TestSupport;
using Microsoft.Data.Sqlite;

namespace McpGateway.Messaging.Tests;

/// <summary>
/// At-least-once delivery with effects applied exactly once, on both transports, with real processes: events
/// committed while the transport or the consumer is down all arrive once it is back; a consumer killed outright
/// mid-stream and restarted loses nothing and applies nothing twice; every event sent twice is applied once.
/// </summary>
public sealed class DeliveryGuaranteeTests(RabbitMqServer rabbitMq)
{
    private const int Users = 1000;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    public static TheoryData<Transport> Transports => new(Transport.Local, Transport.RabbitMq);

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Events_committed_while_the_consumer_is_down_are_all_applied_once_when_it_starts(Transport transport)
    {
        await using var deployment = await MessagingDeployment.CreateAsync(transport, rabbitMq);
        // Its queue exists from its first start on; then it goes away.
        await (await deployment.StartConsumerAsync()).DisposeAsync();

        await using (var producer = deployment.StartProducer(Users, exitWhenRelayed: true))
        {
            await producer.WaitForCleanExitAsync(Patience);
        }
        Assert.Equal(0, (await deployment.EffectsAsync()).Rows);
        await using var consumer = await deployment.StartConsumerAsync();

        await deployment.WaitForEffectsAsync(Users, Patience, consumer);
        Assert.Equal((Users, Users), await deployment.EffectsAsync());
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_consumer_deployed_after_the_events_went_out_receives_the_producers_state_on_its_first_start(Transport transport)
    {
        await using var deployment = await MessagingDeployment.CreateAsync(transport, rabbitMq);
        // Relayed before any consumer's queue existed: nobody received them.
        await using (var producer = deployment.StartProducer(Users, exitWhenRelayed: true))
        {
            await producer.WaitForCleanExitAsync(Patience);
        }
        Assert.Equal(0, await deployment.PendingInOutboxAsync());
        await using var announcer = await deployment.StartAnnouncerAsync();

        await using var consumer = await deployment.StartConsumerAsync();

        await deployment.WaitForEffectsAsync(Users, Patience, consumer, announcer);
        Assert.Equal((Users, Users), await deployment.EffectsAsync());
        Assert.Equal(Users, (await deployment.EffectEmailsInOrderAsync()).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Events_committed_while_the_transport_is_down_are_all_applied_once_it_is_back(Transport transport)
    {
        await using var deployment = await MessagingDeployment.CreateAsync(transport, rabbitMq);
        await using var consumer = await deployment.StartConsumerAsync();
        await using (var outage = await TransportOutage.BeginAsync(deployment, rabbitMq))
        {
            await using var producer = deployment.StartProducer(Users);
            await producer.WaitForOutputAsync($"PRODUCED {Users}", Patience);

            // Everything was committed in the producer; nothing could leave it.
            Assert.Equal(Users, await deployment.PendingInOutboxAsync());
            Assert.Equal(0, (await deployment.EffectsAsync()).Rows);
            await outage.EndAsync();

            await deployment.WaitForEffectsAsync(Users, Patience, consumer, producer);
        }
        Assert.Equal((Users, Users), await deployment.EffectsAsync());
        Assert.Equal(0, await deployment.PendingInOutboxAsync());
        // The backlog left in full batches (pipelined on RabbitMQ), still in commit order.
        var emails = await deployment.EffectEmailsInOrderAsync();
        Assert.Equal(emails.Order(StringComparer.Ordinal), emails);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_consumer_killed_mid_stream_and_restarted_applies_every_event_once(Transport transport)
    {
        await using var deployment = await MessagingDeployment.CreateAsync(transport, rabbitMq);
        var first = await deployment.StartConsumerAsync();
        await using var producer = deployment.StartProducer(Users, rate: 200);

        await Eventually.HoldsAsync(async () => (await deployment.EffectsAsync()).Distinct >= Users / 4, Patience);
        await first.KillAsync();
        var atKill = await deployment.EffectsAsync();
        await first.DisposeAsync();
        // The kill really interrupted the stream.
        Assert.InRange(atKill.Distinct, Users / 4, Users - 1);

        await using var restarted = await deployment.StartConsumerAsync();
        await deployment.WaitForEffectsAsync(Users, Patience, restarted, producer);
        Assert.Equal((Users, Users), await deployment.EffectsAsync());
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Every_event_delivered_twice_is_applied_once(Transport transport)
    {
        const int count = 500;
        await using var deployment = await MessagingDeployment.CreateAsync(transport, rabbitMq);
        await using var consumer = await deployment.StartConsumerAsync();
        await using (var producer = deployment.StartProducer(count, exitWhenRelayed: true))
        {
            await producer.WaitForCleanExitAsync(Patience);
        }
        await deployment.WaitForEffectsAsync(count, Patience, consumer);

        await deployment.ResendEverythingAsync();
        // Relayed after the resent ones (one relay, in outbox order) and consumed after them (one queue, in order):
        // once its effect is there, every duplicate before it has been delivered.
        await using (var sentinel = deployment.StartProducer(1, prefix: "sentinel", exitWhenRelayed: true))
        {
            await sentinel.WaitForCleanExitAsync(Patience);
        }
        await deployment.WaitForEffectsAsync(count + 1, Patience, consumer);

        Assert.Equal((count + 1, count + 1), await deployment.EffectsAsync());
        Assert.Equal(0, await deployment.ParkedAsync());
    }

    [Fact]
    public async Task A_replica_cut_off_from_the_broker_hears_on_reconnecting_every_event_published_meanwhile()
    {
        const int count = 20;
        await using var deployment = await MessagingDeployment.CreateAsync(Transport.RabbitMq, rabbitMq);
        // The replica's memory is fed from its own queue (as the deny-list and the policy are in every replica).
        await using var replica = await deployment.StartConsumerAsync(new Dictionary<string, string> { ["remember"] = "true" });

        // Cut off: frozen, so it cannot reconnect before the events are out, and its connection closed by the broker.
        await replica.FreezeAsync();
        await rabbitMq.CloseConnectionsAsync(deployment.RabbitMqUrl!);
        await using (var producer = deployment.StartProducer(count, exitWhenRelayed: true))
        {
            await producer.WaitForCleanExitAsync(Patience);
        }
        await replica.ThawAsync();

        await replica.WaitForOutputAsync($"REMEMBERED {count}", Patience);
    }

    /// <summary>The transport unavailable: the RabbitMQ node stopped, or the local bus file locked by another process's write transaction.</summary>
    private sealed class TransportOutage : IAsyncDisposable
    {
        private readonly RabbitMqServer? _rabbitMq;
        private SqliteConnection? _lock;

        private TransportOutage(RabbitMqServer? rabbitMq, SqliteConnection? busLock)
        {
            _rabbitMq = rabbitMq;
            _lock = busLock;
        }

        public static async Task<TransportOutage> BeginAsync(MessagingDeployment deployment, RabbitMqServer rabbitMq)
        {
            if (deployment.Transport == Transport.RabbitMq)
            {
                await rabbitMq.StopAsync();
                return new TransportOutage(rabbitMq, null);
            }
            var busLock = new SqliteConnection($"Data Source={deployment.BusFile};Pooling=false");
            await busLock.OpenAsync();
            await using var begin = busLock.CreateCommand();
            begin.CommandText = "BEGIN EXCLUSIVE;";
            await begin.ExecuteNonQueryAsync();
            return new TransportOutage(null, busLock);
        }

        public async Task EndAsync()
        {
            if (_rabbitMq is not null && !_rabbitMq.IsRunning)
            {
                await _rabbitMq.StartAsync();
            }
            if (_lock is not null)
            {
                await _lock.DisposeAsync(); // rolls the open transaction back
                _lock = null;
            }
        }

        public async ValueTask DisposeAsync() => await EndAsync();
    }
}
