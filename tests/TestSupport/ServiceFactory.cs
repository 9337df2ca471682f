using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace McpGateway.TestSupport;

/// <summary>
/// One service in-process, in the Production environment, on a real <see cref="TestDatabase"/> that it migrates
/// itself at start-up, as in production. Every host it starts gets <see cref="Settings"/> (environment variable names).
/// </summary>
public abstract class ServiceFactory<TProgram>(string service, TestDatabase database) : WebApplicationFactory<TProgram>, IAsyncLifetime
    where TProgram : class
{
    public TestDatabase Database => database;

    protected string ConnectionString { get; private set; } = "";

    public virtual async ValueTask InitializeAsync() => ConnectionString = await database.CreateAsync(service);

    /// <summary>What every host of this factory is configured with; the service's connection string at least.</summary>
    public virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        [$"ConnectionStrings:{service}db"] = ConnectionString,
        // A data directory of its own: the local message bus (bus.db) lives there, never in the developer's ~/.mcpgateway.
        ["MCPGATEWAY_HOME"] = _home.Path,
    };

    private readonly TempDirectory _home = new();

    /// <summary>Skips (or, in CI, fails) the calling test when the database server is not installed.</summary>
    public void Require() => database.Require();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await database.DisposeAsync();
        _home.Dispose();
        GC.SuppressFinalize(this);
    }
}
