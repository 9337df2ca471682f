using System.Data.Common;
using McpGateway.TestSupport;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace McpGateway.Messaging.Tests;

public enum Transport { Local, RabbitMq }

/// <summary>
/// Two services of the test host, a producer and a consumer, each with a database of its own, and the transport
/// between them: the local bus (SQLite databases and the bus file in a fresh data directory) or RabbitMQ (a fresh
/// virtual host of the assembly's node, PostgreSQL databases). Settings are short so the tests run fast: a 0.2 s
/// poll, 5 s leases, 50 ms first retry, parking after 3 attempts.
/// </summary>
public sealed class MessagingDeployment : IAsyncDisposable
{
    public const string Producer = "producer", Consumer = "consumer";

    private readonly TempDirectory _home = new();
    private readonly PostgresServer? _postgres;
    private readonly Dictionary<string, string> _databases = [];

    private MessagingDeployment(Transport transport, PostgresServer? postgres, string? rabbitMqUrl)
    {
        Transport = transport;
        _postgres = postgres;
        RabbitMqUrl = rabbitMqUrl;
    }

    public Transport Transport { get; }
    public string? RabbitMqUrl { get; }
    public string Home => _home.Path;
    public string BusFile => _home.File("bus.db");

    public static async Task<MessagingDeployment> CreateAsync(Transport transport, RabbitMqServer rabbitMq)
    {
        if (transport == Transport.Local)
        {
            var local = new MessagingDeployment(transport, null, null);
            local._databases[Producer] = $"Data Source={local._home.File("producer.db")}";
            local._databases[Consumer] = $"Data Source={local._home.File("consumer.db")}";
            return local;
        }
        rabbitMq.Require();
        var postgres = new PostgresServer();
        await postgres.InitializeAsync();
        postgres.Require();
        var deployment = new MessagingDeployment(transport, postgres, await rabbitMq.CreateVirtualHostAsync());
        foreach (var service in new[] { Producer, Consumer })
        {
            // Pooled, as a service runs in production.
            deployment._databases[service] = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync()) { Pooling = true }.ConnectionString;
        }
        return deployment;
    }

    public Dictionary<string, string> Environment(string service, IReadOnlyDictionary<string, string>? extra = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["MCPGATEWAY_HOME"] = Home,
            [$"ConnectionStrings__{service}db"] = _databases[service],
            ["MESSAGING_POLL_SECONDS"] = "0.2",
            ["MESSAGING_LEASE_SECONDS"] = "5",
            ["MESSAGING_RETRY_SECONDS"] = "0.05",
            ["MESSAGING_MAX_ATTEMPTS"] = "3",
            ["LOG_LEVEL"] = "Warning",
        };
        if (RabbitMqUrl is not null)
        {
            environment["ConnectionStrings__rabbitmq"] = RabbitMqUrl;
        }
        foreach (var (name, value) in extra ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }
        return environment;
    }

    /// <summary>A consumer replica; returns once it is serving (its queue exists and its subscriptions are registered).</summary>
    public async Task<HostProcess> StartConsumerAsync(IReadOnlyDictionary<string, string>? extra = null)
    {
        var consumer = HostProcess.Start(Environment(Consumer, new Dictionary<string, string>(extra ?? new Dictionary<string, string>()) { ["LOG_LEVEL"] = "Information" }),
            "--service", Consumer, "--consume", "true");
        // Serving, and its queue in place: on RabbitMQ the bus starts beside the host (a service serves without the
        // broker), so its queue and bindings exist once the bus says so.
        await consumer.WaitForOutputAsync(Transport == Transport.RabbitMq ? "Bus started" : "Application started", TimeSpan.FromSeconds(60));
        return consumer;
    }

    /// <summary>A producer creating <paramref name="count"/> users (each with its UserCreated, one transaction each).</summary>
    public HostProcess StartProducer(int count, double rate = 0, string prefix = "user", bool exitWhenRelayed = false) =>
        HostProcess.Start(Environment(Producer), "--service", Producer, "--produce", count.ToString(), "--rate", rate.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--prefix", prefix, "--exit-when-relayed", exitWhenRelayed ? "true" : "false");

    /// <summary>The producer service answering resync requests with the users it produced; returns once it is serving.</summary>
    public async Task<HostProcess> StartAnnouncerAsync()
    {
        var announcer = HostProcess.Start(Environment(Producer, new Dictionary<string, string> { ["LOG_LEVEL"] = "Information" }),
            "--service", Producer, "--announce", "true");
        await announcer.WaitForOutputAsync(Transport == Transport.RabbitMq ? "Bus started" : "Application started", TimeSpan.FromSeconds(60));
        return announcer;
    }

    /// <summary>Effects applied by the consumer: rows, and distinct events among them.</summary>
    public async Task<(long Rows, long Distinct)> EffectsAsync()
    {
        await using var connection = await OpenAsync(Consumer);
        var rows = await ScalarAsync(connection, "SELECT COUNT(*) FROM effects");
        var distinct = await ScalarAsync(connection, "SELECT COUNT(DISTINCT message_id) FROM effects");
        return (rows, distinct);
    }

    /// <summary>The emails of the applied effects, in the order they were applied.</summary>
    public async Task<IReadOnlyList<string>> EffectEmailsInOrderAsync()
    {
        await using var connection = await OpenAsync(Consumer);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT email FROM effects ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync();
        var emails = new List<string>();
        while (await reader.ReadAsync())
        {
            emails.Add(reader.GetString(0));
        }
        return emails;
    }

    /// <summary>The producer's users events not yet relayed (not its own first-start resync request).</summary>
    public async Task<long> PendingInOutboxAsync()
    {
        await using var connection = await OpenAsync(Producer);
        return await ScalarAsync(connection, "SELECT COUNT(*) FROM outbox_messages WHERE dispatched_at IS NULL AND type = 'McpGateway.Contracts.UserCreated'");
    }

    public async Task<long> ParkedAsync()
    {
        await using var connection = await OpenAsync(Consumer);
        return await ScalarAsync(connection, "SELECT COUNT(*) FROM parked_messages");
    }

    /// <summary>Marks every relayed event pending again: the relay sends them all a second time.</summary>
    public async Task ResendEverythingAsync()
    {
        await using var connection = await OpenAsync(Producer);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE outbox_messages SET dispatched_at = NULL";
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Waits until the consumer has applied <paramref name="distinct"/> events; fails with the counts when it does not.</summary>
    public async Task WaitForEffectsAsync(long distinct, TimeSpan timeout, params HostProcess[] diagnostics)
    {
        var deadline = DateTime.UtcNow + timeout;
        (long Rows, long Distinct) effects;
        while ((effects = await EffectsAsync()).Distinct < distinct)
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{effects.Distinct} of {distinct} events applied after {timeout.TotalSeconds} s ({effects.Rows} effect rows). " +
                    string.Join("\n---\n", diagnostics.Select(d => d.Output[Math.Max(0, d.Output.Length - 4000)..])));
            }
            await Task.Delay(100);
        }
    }

    public async Task<DbConnection> OpenAsync(string service)
    {
        DbConnection connection = Transport == Transport.Local
            ? new SqliteConnection(_databases[service])
            : new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_databases[service]) { SearchPath = service, Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<long> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
        _home.Dispose();
    }
}
