using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace McpGateway.ServiceDefaults.Data;

/// <summary>
/// The exclusive lock held while one process migrates a service's database. Both kinds are released by the
/// operating system or the server when their holder dies, so a killed migrator never leaves a lock behind.
/// </summary>
public static class MigrationLock
{
    public static Task<IAsyncDisposable> AcquireAsync(ServiceDatabase database, ILogger logger, CancellationToken cancellationToken) =>
        database.Provider == DatabaseProvider.Postgres
            ? AcquireAdvisoryLockAsync(database, logger, cancellationToken)
            : AcquireFileLockAsync(database, logger, cancellationToken);

    /// <summary>`.{service}-migration.lock` beside the database file; the file may stay, only the OS lock matters.</summary>
    public static string LockFilePath(ServiceDatabase database) =>
        Path.Combine(Path.GetDirectoryName(database.SqliteFile)!, $".{database.ServiceName}-migration.lock");

    /// <summary>A stable 64-bit advisory lock key per service, so services sharing one database do not wait for each other.</summary>
    public static long AdvisoryLockKey(string serviceName) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"mcpgateway:migrate:{serviceName}")));

    private static Task<IAsyncDisposable> AcquireFileLockAsync(ServiceDatabase database, ILogger logger, CancellationToken cancellationToken)
    {
        var path = LockFilePath(database);
        return FileLock.AcquireAsync(path, () => logger.LogInformation("Waiting for the migration lock {LockFile} held by another process", path),
            cancellationToken);
    }

    private static async Task<IAsyncDisposable> AcquireAdvisoryLockAsync(ServiceDatabase database, ILogger logger, CancellationToken cancellationToken)
    {
        // A dedicated connection outside the pool: the session-level lock lives and dies with it.
        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false, CommandTimeout = 0 };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            var key = AdvisoryLockKey(database.ServiceName);
            await using (var tryLock = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection))
            {
                tryLock.Parameters.AddWithValue("key", key);
                if ((bool)(await tryLock.ExecuteScalarAsync(cancellationToken))!)
                {
                    return new AdvisoryLock(connection, key);
                }
            }
            logger.LogInformation("Waiting for the migration advisory lock {Key} held by another process", key);
            await using (var waitLock = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection))
            {
                waitLock.Parameters.AddWithValue("key", key);
                await waitLock.ExecuteNonQueryAsync(cancellationToken);
            }
            return new AdvisoryLock(connection, key);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private sealed class AdvisoryLock(NpgsqlConnection connection, long key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
                unlock.Parameters.AddWithValue("key", key);
                await unlock.ExecuteNonQueryAsync();
            }
            finally
            {
                // Closing the session releases the lock even if the unlock above failed.
                await connection.DisposeAsync();
            }
        }
    }
}
