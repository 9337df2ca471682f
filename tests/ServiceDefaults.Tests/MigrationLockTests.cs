using McpGateway.ServiceDefaults.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.ServiceDefaults.Tests;

public sealed class MigrationLockTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mcpgw-lock-").FullName;

    private ServiceDatabase Database => ServiceDatabase.Resolve(
        new ConfigurationBuilder().AddInMemoryCollection([new("MCPGATEWAY_HOME", _directory)]).Build(), "catalog");

    [Fact]
    public async Task The_SQLite_migration_lock_is_exclusive_and_passes_to_the_next_waiter_when_released()
    {
        var cancel = TestContext.Current.CancellationToken;
        var first = await MigrationLock.AcquireFileLockAsync(Database, NullLogger.Instance, cancel);
        var second = MigrationLock.AcquireFileLockAsync(Database, NullLogger.Instance, cancel);

        await Task.Delay(200, cancel);
        Assert.False(second.IsCompleted, "a second holder got the lock while the first held it");

        await first.DisposeAsync();
        await using var acquired = await second.WaitAsync(TimeSpan.FromSeconds(5), cancel);
        Assert.True(File.Exists(Path.Combine(_directory, ".catalog-migration.lock")));
    }

    [Fact]
    public async Task Waiting_for_the_lock_can_be_cancelled()
    {
        await using var held = await MigrationLock.AcquireFileLockAsync(Database, NullLogger.Instance, TestContext.Current.CancellationToken);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => MigrationLock.AcquireFileLockAsync(Database, NullLogger.Instance, cancellation.Token));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
