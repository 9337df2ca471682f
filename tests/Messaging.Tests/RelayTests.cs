using System.Data.Common;
using McpGateway.TestSupport;

namespace McpGateway.Messaging.Tests;

/// <summary>
/// The outbox relay with several replicas of the producing service: one relays at a time, in commit order; a relay
/// killed outright is replaced (at once on the same host), and a lease held by a replica on another host that went
/// silent is taken over when it expires, with no event left behind.
/// </summary>
public sealed class RelayTests(RabbitMqServer rabbitMq)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    public static TheoryData<Transport> Transports => new(Transport.Local, Transport.RabbitMq);

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Producer_replicas_share_one_outbox_each_in_commit_order_and_a_killed_relay_is_replaced(Transport transport)
    {
        await using var deployment = await MessagingDeployment.CreateAsync(transport, rabbitMq);
        await using var consumer = await deployment.StartConsumerAsync();
        var replicas = new[] { deployment.StartProducer(400, rate: 100, prefix: "a"), deployment.StartProducer(400, rate: 100, prefix: "b") };
        try
        {
            await Eventually.HoldsAsync(async () => (await deployment.EffectsAsync()).Distinct >= 150, Patience);
            var holder = await LeaseHolderPidAsync(deployment);
            var victim = replicas.FirstOrDefault(r => r.Pid == holder) ?? replicas[0];
            await victim.KillAsync();
            var survivor = replicas.Single(r => r != victim);
            await survivor.WaitForOutputAsync("PRODUCED 400", Patience);

            // Every event committed by either replica (the killed one's included) is applied once.
            var committed = await ScalarAsync(deployment, MessagingDeployment.Producer, "SELECT COUNT(*) FROM produced_users");
            Assert.InRange(committed, 401, 799);
            await deployment.WaitForEffectsAsync(committed, Patience, consumer, survivor);
            Assert.Equal((committed, committed), await deployment.EffectsAsync());

            // Each replica's events in the order it committed them (one after another); two replicas' transactions
            // that were in flight together have no order of their own to keep.
            var applied = await ColumnAsync(deployment, MessagingDeployment.Consumer, "SELECT email FROM effects ORDER BY id");
            foreach (var prefix in new[] { "a", "b" })
            {
                var ofReplica = applied.Where(e => e.StartsWith(prefix, StringComparison.Ordinal)).ToList();
                Assert.Equal(ofReplica.Order(StringComparer.Ordinal), ofReplica);
            }
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
        }
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_relay_lease_held_by_a_silent_replica_on_another_host_is_taken_over_when_it_expires(Transport transport)
    {
        await using var deployment = await MessagingDeployment.CreateAsync(transport, rabbitMq);
        await using var consumer = await deployment.StartConsumerAsync();
        // A first run creates the producer's schema (and relays its one event).
        await using (var first = deployment.StartProducer(1, prefix: "first", exitWhenRelayed: true))
        {
            await first.WaitForCleanExitAsync(Patience);
        }
        var expires = DateTime.UtcNow.AddSeconds(20);
        await ExecuteAsync(deployment, MessagingDeployment.Producer,
            $"UPDATE outbox_leases SET holder = 'another-host/4242/0badc0de', expires_at = '{expires:yyyy-MM-dd HH:mm:ss.fffffff}'");

        await using var producer = deployment.StartProducer(20, prefix: "later", exitWhenRelayed: true);
        await producer.WaitForOutputAsync("PRODUCED 20", Patience);
        if (DateTime.UtcNow < expires.AddSeconds(-2))
        {
            // While the other host's lease is valid, nothing leaves (it might be relaying, in order).
            Assert.Equal(20, await deployment.PendingInOutboxAsync());
        }

        await producer.WaitForCleanExitAsync(Patience);
        await deployment.WaitForEffectsAsync(21, Patience, consumer, producer);
        Assert.True(DateTime.UtcNow >= expires, "Relayed before the other host's lease expired.");
    }

    private static async Task<int?> LeaseHolderPidAsync(MessagingDeployment deployment)
    {
        var holders = await ColumnAsync(deployment, MessagingDeployment.Producer, "SELECT holder FROM outbox_leases");
        return holders.Select(h => h.Split('/')).Where(p => p.Length == 3 && int.TryParse(p[1], out _)).Select(p => (int?)int.Parse(p[1])).FirstOrDefault();
    }

    private static async Task<long> ScalarAsync(MessagingDeployment deployment, string service, string sql)
    {
        await using var connection = await deployment.OpenAsync(service);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private static async Task ExecuteAsync(MessagingDeployment deployment, string service, string sql)
    {
        await using var connection = await deployment.OpenAsync(service);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private static async Task<List<string>> ColumnAsync(MessagingDeployment deployment, string service, string sql)
    {
        await using DbConnection connection = await deployment.OpenAsync(service);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }
        return values;
    }
}
