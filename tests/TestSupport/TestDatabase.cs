namespace McpGateway.TestSupport;

/// <summary>Where a service under test keeps its data: a fresh real database, removed on dispose.</summary>
public abstract class TestDatabase : IAsyncDisposable
{
    /// <summary>Creates an empty database for <paramref name="service"/> and returns its connection string.</summary>
    public abstract Task<string> CreateAsync(string service);

    /// <summary>Skips (or, in CI, fails) the calling test when the database server is not installed.</summary>
    public virtual void Require()
    {
    }

    public abstract ValueTask DisposeAsync();
}

/// <summary>A SQLite file in a temporary directory.</summary>
public sealed class SqliteTestDatabase : TestDatabase
{
    private readonly TempDirectory _directory = new();

    public string? File { get; private set; }

    public override Task<string> CreateAsync(string service)
    {
        File = _directory.File($"{service}.db");
        return Task.FromResult($"Data Source={File}");
    }

    public override ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>A database on a real PostgreSQL server started from the installed binaries for this fixture.</summary>
public sealed class PostgresTestDatabase : TestDatabase
{
    private readonly PostgresServer _server = new();

    public override async Task<string> CreateAsync(string service)
    {
        await _server.InitializeAsync();
        return _server.IsRunning ? await _server.CreateDatabaseAsync() : "";
    }

    public override void Require() => _server.Require();

    public override ValueTask DisposeAsync() => _server.DisposeAsync();
}
