using System.Globalization;
using Microsoft.Data.Sqlite;

namespace McpGateway.ServiceDefaults.Messaging.Transport.Local;

/// <summary>A message waiting in a local queue.</summary>
public sealed record QueuedMessage(long Sequence, TransportMessage Message, int Attempts, DateTime NotBefore);

/// <summary>
/// The broker-less transport's store: one SQLite file in the data directory (`bus.db`, WAL, busy timeout) shared by
/// the services of one machine.
/// <list type="bullet">
/// <item>`subscriptions`: which event types each service's queue takes (each service registers its own at start);</item>
/// <item>`messages`: one row per event per subscribed queue, numbered in publish order; a row leaves when its consumer
/// has applied it, and a failing one stays with its attempts, error and next try;</item>
/// <item>`queue_leases`: which replica of a service reads its queue now (one at a time, so a queue is read in order).</item>
/// </list>
/// Publishing inserts the rows for a whole batch in one transaction, durably (synchronous=FULL): committed means held.
/// </summary>
public sealed class LocalBus(string file)
{
    public string File { get; } = Path.GetFullPath(file);

    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = Path.GetFullPath(file),
        DefaultTimeout = 10,
        Pooling = true,
    }.ConnectionString;

    private readonly SemaphoreSlim _created = new(1, 1);
    private volatile bool _exists;

    private const string Schema = """
        PRAGMA journal_mode=WAL;
        CREATE TABLE IF NOT EXISTS subscriptions (
            queue TEXT NOT NULL,
            message_type TEXT NOT NULL,
            PRIMARY KEY (queue, message_type)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS messages (
            sequence INTEGER PRIMARY KEY AUTOINCREMENT,
            queue TEXT NOT NULL,
            message_id TEXT NOT NULL,
            message_type TEXT NOT NULL,
            payload TEXT NOT NULL,
            occurred_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            not_before INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            UNIQUE (queue, message_id));
        CREATE INDEX IF NOT EXISTS ix_messages_queue_sequence ON messages (queue, sequence);
        CREATE TABLE IF NOT EXISTS queue_leases (
            queue TEXT PRIMARY KEY,
            holder TEXT NOT NULL,
            expires_at INTEGER NOT NULL) WITHOUT ROWID;
        """;

    /// <summary>Replaces the queue's subscriptions with <paramref name="types"/> (what this build's consumers take).</summary>
    public async Task SubscribeAsync(string queue, IReadOnlyCollection<string> types, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(durable: true, cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, "DELETE FROM subscriptions WHERE queue = $queue", cancellationToken, ("$queue", queue));
        foreach (var type in types)
        {
            await ExecuteAsync(connection, transaction, "INSERT INTO subscriptions (queue, message_type) VALUES ($queue, $type)", cancellationToken,
                ("$queue", queue), ("$type", type));
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Adds each message to every queue subscribed to its type, in order, in one durable transaction.</summary>
    public async Task PublishAsync(IReadOnlyList<TransportMessage> messages, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(durable: true, cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        // The unique (queue, message_id) drops a resend of a message still queued (a relay that crashed before marking it).
        insert.CommandText = """
            INSERT OR IGNORE INTO messages (queue, message_id, message_type, payload, occurred_at)
            SELECT queue, $id, $type, $payload, $occurred FROM subscriptions WHERE message_type = $type
            """;
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var type = insert.Parameters.Add("$type", SqliteType.Text);
        var payload = insert.Parameters.Add("$payload", SqliteType.Text);
        var occurred = insert.Parameters.Add("$occurred", SqliteType.Text);
        foreach (var message in messages)
        {
            id.Value = message.MessageId;
            type.Value = message.Type;
            payload.Value = message.Payload;
            occurred.Value = message.OccurredAt.ToString("O", CultureInfo.InvariantCulture);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Adds the message to one queue, behind what is there.</summary>
    public async Task EnqueueAsync(string queue, TransportMessage message, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(durable: true, cancellationToken);
        await ExecuteAsync(connection, null, """
            INSERT INTO messages (queue, message_id, message_type, payload, occurred_at) VALUES ($queue, $id, $type, $payload, $occurred)
            ON CONFLICT (queue, message_id) DO NOTHING
            """, cancellationToken,
            ("$queue", queue), ("$id", message.MessageId), ("$type", message.Type), ("$payload", message.Payload),
            ("$occurred", message.OccurredAt.ToString("O", CultureInfo.InvariantCulture)));
    }

    /// <summary>
    /// Takes or renews the queue's lease for <paramref name="holder"/>: free, expired, already its own, or left by a
    /// process of this host that is gone.
    /// </summary>
    public async Task<bool> TryLeaseAsync(string queue, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(durable: false, cancellationToken);
        // A plain read first: replicas standing by look often, and must not take the write lock to learn they wait.
        if (!await IsFreeAsync(connection, null, queue, holder, cancellationToken))
        {
            return false;
        }
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var free = await IsFreeAsync(connection, transaction, queue, holder, cancellationToken);
        if (free)
        {
            await ExecuteAsync(connection, transaction, """
                INSERT INTO queue_leases (queue, holder, expires_at) VALUES ($queue, $holder, $until)
                ON CONFLICT (queue) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                """, cancellationToken, ("$queue", queue), ("$holder", holder),
                ("$until", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + (long)duration.TotalMilliseconds));
        }
        await transaction.CommitAsync(cancellationToken);
        return free;
    }

    private static async Task<bool> IsFreeAsync(SqliteConnection connection, SqliteTransaction? transaction, string queue, string holder,
        CancellationToken cancellationToken)
    {
        await using var read = Command(connection, transaction, "SELECT holder, expires_at FROM queue_leases WHERE queue = $queue", ("$queue", queue));
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return true;
        }
        var current = reader.GetString(0);
        return current.Length == 0 || current == holder || reader.GetInt64(1) < DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()
            || Leases.LeaseHolder.IsGone(current);
    }

    public async Task ReleaseLeaseAsync(string queue, string holder, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(durable: false, cancellationToken);
        await ExecuteAsync(connection, null, "UPDATE queue_leases SET holder = '', expires_at = 0 WHERE queue = $queue AND holder = $holder",
            cancellationToken, ("$queue", queue), ("$holder", holder));
    }

    /// <summary>The first <paramref name="limit"/> messages of the queue, in order.</summary>
    public async Task<IReadOnlyList<QueuedMessage>> PeekAsync(string queue, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(durable: false, cancellationToken);
        await using var read = Command(connection, null, """
            SELECT sequence, message_id, message_type, payload, occurred_at, attempts, not_before
            FROM messages WHERE queue = $queue ORDER BY sequence LIMIT $limit
            """, ("$queue", queue), ("$limit", limit));
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        var messages = new List<QueuedMessage>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var message = new TransportMessage(reader.GetString(1), reader.GetString(2), reader.GetString(3),
                DateTime.Parse(reader.GetString(4), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind).ToUniversalTime());
            messages.Add(new QueuedMessage(reader.GetInt64(0), message, reader.GetInt32(5), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)).UtcDateTime));
        }
        return messages;
    }

    /// <summary>How many messages wait in the queue.</summary>
    public async Task<long> CountAsync(string queue, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(durable: false, cancellationToken);
        await using var count = Command(connection, null, "SELECT COUNT(*) FROM messages WHERE queue = $queue", ("$queue", queue));
        return (long)(await count.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The consumers applied (or parked) these: they leave the queue, in one write.</summary>
    public async Task CompleteAsync(IReadOnlyCollection<long> sequences, CancellationToken cancellationToken)
    {
        if (sequences.Count == 0)
        {
            return;
        }
        await using var connection = await OpenAsync(durable: false, cancellationToken);
        await ExecuteAsync(connection, null, $"DELETE FROM messages WHERE sequence IN ({string.Join(',', sequences)})", cancellationToken);
    }

    /// <summary>Delivery failed: the message stays at the head with its error, not tried again before <paramref name="notBefore"/>.</summary>
    public async Task FailAsync(long sequence, string error, DateTime notBefore, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(durable: false, cancellationToken);
        await ExecuteAsync(connection, null, "UPDATE messages SET attempts = attempts + 1, last_error = $error, not_before = $notBefore WHERE sequence = $sequence",
            cancellationToken, ("$sequence", sequence), ("$error", error), ("$notBefore", new DateTimeOffset(notBefore, TimeSpan.Zero).ToUnixTimeMilliseconds()));
    }

    private async Task<SqliteConnection> OpenAsync(bool durable, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        // WAL with synchronous=FULL survives power loss for what is published; a lost delete or lease only means a
        // redelivery. SQLite's own busy wait (fine-grained) rather than the driver's coarse retry sleeps.
        await ExecuteAsync(connection, null, (durable ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;") + "PRAGMA busy_timeout=10000;", cancellationToken);
        return connection;
    }

    private async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_exists)
        {
            return;
        }
        await _created.WaitAsync(cancellationToken);
        try
        {
            if (!_exists)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(File)!);
                await using var connection = new SqliteConnection(_connectionString);
                await connection.OpenAsync(cancellationToken);
                await ExecuteAsync(connection, null, Schema, cancellationToken);
                _exists = true;
            }
        }
        finally
        {
            _created.Release();
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return command;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken,
        params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
