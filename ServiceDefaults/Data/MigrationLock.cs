using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Medallion.Threading.Postgres;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace McpGateway.ServiceDefaults.Data;

/// <summary>
/// The exclusive lock held while one process migrates a service's database. Both kinds are released by the
/// operating system or the server when their holder dies, so a killed migrator never leaves a lock behind.
/// </summary>
public static class MigrationLock
{
    /// <summary>`.{service}-migration.lock` beside the database file; the file may stay, only the OS lock matters.</summary>
    public static string LockFilePath(ServiceDatabase database) =>
        Path.Combine(Path.GetDirectoryName(database.SqliteFile)!, $".{database.ServiceName}-migration.lock");

    /// <summary>A stable 64-bit advisory lock key per service, so services sharing one database do not wait for each other.</summary>
    public static long AdvisoryLockKey(string serviceName) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"mcpgateway:migrate:{serviceName}")));

    /// <summary>The SQLite kind: an OS lock on <see cref="LockFilePath"/> (<see cref="FileLock"/>); PostgreSQL's is <see cref="AdvisoryLockSession"/>.</summary>
    public static Task<IAsyncDisposable> AcquireFileLockAsync(ServiceDatabase database, ILogger logger, CancellationToken cancellationToken)
    {
        var path = LockFilePath(database);
        return FileLock.AcquireAsync(path, () => logger.LogInformation("Waiting for the migration lock {LockFile} held by another process", path),
            cancellationToken);
    }

    /// <summary>How long a starting replica keeps trying to reach a database that is not accepting connections yet.</summary>
    public static readonly TimeSpan ConnectPatience = TimeSpan.FromSeconds(90);

    /// <summary>
    /// In a cluster a replica often starts before its database, or beside a hundred others: transient failures to
    /// connect (refused, timed out, too many clients) are retried with backoff for <see cref="ConnectPatience"/>.
    /// </summary>
    private static async Task<NpgsqlConnection> OpenWithRetryAsync(NpgsqlDataSource dataSource, ILogger logger, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + ConnectPatience;
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                return await dataSource.OpenConnectionAsync(cancellationToken);
            }
            catch (Exception e) when (IsTransient(e) && DateTime.UtcNow + delay < deadline && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("The database is not reachable yet ({Reason}); retrying in {Delay} ms", e.Message, (int)delay.TotalMilliseconds);
                await Task.Delay(delay + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 100)), cancellationToken);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }
    }

    private static bool IsTransient(Exception e) => e switch
    {
        // 53300 too_many_connections, 57P03 cannot_connect_now (starting up): worth waiting for.
        PostgresException pg => pg.SqlState is "53300" or "57P03",
        NpgsqlException npgsql => npgsql.IsTransient,
        TimeoutException => true,
        _ => false,
    };

    /// <summary>
    /// A PostgreSQL session of its own, outside the pool, that can hold the service's advisory lock (DistributedLock's
    /// <see cref="PostgresDistributedLock"/> on this connection): the lock lives and dies with the session, so a killed
    /// migrator's lock is released by the server. <see cref="Connection"/> may run other commands, with or without the
    /// lock held.
    /// </summary>
    public sealed class AdvisoryLockSession : IAsyncDisposable
    {
        private readonly NpgsqlDataSource _dataSource;
        private readonly PostgresDistributedLock _lock;
        private readonly ILogger _logger;
        private PostgresDistributedLockHandle? _held;

        private AdvisoryLockSession(NpgsqlDataSource dataSource, NpgsqlConnection connection, long key, ILogger logger)
        {
            _dataSource = dataSource;
            Connection = connection;
            _lock = new PostgresDistributedLock(new PostgresAdvisoryLockKey(key), connection);
            _logger = logger;
        }

        public NpgsqlConnection Connection { get; }

        public static async Task<AdvisoryLockSession> OpenAsync(ServiceDatabase database, ILogger logger, CancellationToken cancellationToken)
        {
            // It needs only built-in types (the slim builder) and skips loading the server's type catalogue:
            // a hundred replicas start cheaper.
            var builder = new NpgsqlSlimDataSourceBuilder(
                new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false, CommandTimeout = 0 }.ConnectionString);
            builder.ConfigureTypeLoading(types => types.EnableTypeLoading(false));
            var dataSource = builder.Build();
            try
            {
                var connection = await OpenWithRetryAsync(dataSource, logger, cancellationToken);
                return new AdvisoryLockSession(dataSource, connection, AdvisoryLockKey(database.ServiceName), logger);
            }
            catch
            {
                await dataSource.DisposeAsync();
                throw;
            }
        }

        /// <summary>Takes the lock, waiting while another session holds it.</summary>
        public async Task LockAsync(CancellationToken cancellationToken)
        {
            _held = await _lock.TryAcquireAsync(TimeSpan.Zero, cancellationToken);
            if (_held is null)
            {
                _logger.LogInformation("Waiting for the migration advisory lock {Key} held by another process", _lock.Key);
                _held = await _lock.AcquireAsync(cancellationToken: cancellationToken);
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (_held is not null)
                {
                    await _held.DisposeAsync();
                }
            }
            finally
            {
                // Closing the session releases the lock even if the unlock above failed.
                await Connection.DisposeAsync();
                await _dataSource.DisposeAsync();
            }
        }
    }
}
