using McpGateway.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace McpGateway.Catalog.Tests;

/// <summary>The catalog service in-process, on a real database it migrates itself at start-up, as in production.</summary>
public abstract class CatalogFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    protected abstract Task<string> CreateDatabaseAsync();

    private string _connectionString = "";

    public virtual async ValueTask InitializeAsync() => _connectionString = await CreateDatabaseAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.UseSetting("ConnectionStrings:catalogdb", _connectionString);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteCatalogFactory : CatalogFactory
{
    private readonly TempDirectory _directory = new();

    protected override Task<string> CreateDatabaseAsync() => Task.FromResult($"Data Source={_directory.File("catalog.db")}");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}

public sealed class PostgresCatalogFactory : CatalogFactory
{
    private readonly PostgresServer _postgres = new();

    public override async ValueTask InitializeAsync()
    {
        await _postgres.InitializeAsync();
        await base.InitializeAsync();
    }

    protected override async Task<string> CreateDatabaseAsync() => _postgres.IsRunning ? await _postgres.CreateDatabaseAsync() : "";

    public void Require() => _postgres.Require();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _postgres.DisposeAsync();
    }
}
