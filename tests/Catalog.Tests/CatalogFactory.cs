using McpGateway.Catalog.Infrastructure;
using McpGateway.Catalog.Model;
using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Authorization.Persistence;
using McpGateway.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Catalog.Tests;

/// <summary>
/// The catalog service in-process, on a real database it migrates itself at start-up, as in production, trusting
/// <see cref="Tokens"/> as it trusts the auth service, with the seed's Basic pair (admin:changeme).
/// </summary>
public abstract class CatalogFactory(TestDatabase database) : ServiceFactory<Program>(CatalogContext.ServiceName, database)
{
    public const string PlatformAdmin = "root@example.com";

    public TestTokenIssuer Tokens { get; } = new();

    /// <summary>The catalog database's connection string, for the service executable run as a command.</summary>
    public string CatalogConnectionString => ConnectionString;

    public override async ValueTask InitializeAsync()
    {
        await Tokens.StartAsync();
        await base.InitializeAsync();
    }

    public override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["services:auth:http:0"] = Tokens.Address.AbsoluteUri,
        ["PLATFORM_ADMIN_EMAIL"] = PlatformAdmin,
        ["BASIC_AUTH_USER"] = "admin",
        ["BASIC_AUTH_PASSWORD"] = "changeme",
        ["AUTH_ENCRYPTION_SECRET"] = "catalog-tests-encryption-secret-0123456789abcdef",
    };

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (Environment.GetEnvironmentVariable("CATALOG_TESTS_LOG") is { Length: > 0 } file)
        {
            builder.ConfigureServices(services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(new FileLogger(file)));
        }
    }

    public HttpClient ClientWith(string? token)
    {
        var client = CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }
        return client;
    }

    public HttpClient As(string email, bool isAdmin = false) => ClientWith(Tokens.User(email, isAdmin));

    public HttpClient AsBasicAdmin()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String("admin:changeme"u8.ToArray()));
        return client;
    }

    /// <summary>
    /// Feeds the catalog a teams-service fact as its consumer does: the persisted projection (tables and memory), and
    /// a team's name and slug for exports.
    /// </summary>
    public async Task HearAsync(params IntegrationEvent[] events)
    {
        using var client = CreateClient(); // the host is running
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogContext>();
        var projection = scope.ServiceProvider.GetRequiredService<PersistedPolicyProjection>();
        foreach (var evt in events)
        {
            if (evt is TeamCreated team)
            {
                db.TeamReferences.Add(new TeamReference { TeamId = team.TeamId, Name = team.Name, Slug = team.Slug, IsPersonal = team.IsPersonal });
            }
            await projection.ApplyAsync(db, evt, CancellationToken.None);
        }
    }

    /// <summary>A new user with their personal team, as the teams service announces them; returns the personal team's id.</summary>
    public async Task<string> NewUserAsync(string email)
    {
        var team = Guid.NewGuid().ToString("N");
        await HearAsync(new TeamCreated(team, $"{email}'s team", $"personal-{team[..8]}", true, "private", email), new TeamMemberAdded(team, email, "owner"));
        return team;
    }

    private string? _adminTeam;

    /// <summary>The platform admin's personal team, announced once per factory.</summary>
    public async Task<string> AdminTeamAsync() => _adminTeam ??= await NewUserAsync(PlatformAdmin);

    /// <summary>A new team owned by <paramref name="owner"/>, with its slug; returns its id.</summary>
    public async Task<string> NewTeamAsync(string owner, string? slug = null)
    {
        var team = Guid.NewGuid().ToString("N");
        await HearAsync(new TeamCreated(team, $"Team {team[..8]}", slug ?? $"team-{team[..8]}", false, "private", owner), new TeamMemberAdded(team, owner, "owner"));
        return team;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Tokens.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteCatalogFactory() : CatalogFactory(new SqliteTestDatabase());

public sealed class PostgresCatalogFactory() : CatalogFactory(new PostgresTestDatabase());

/// <summary>The service's log appended to a file (CATALOG_TESTS_LOG=path), to see why a request failed.</summary>
internal sealed class FileLogger(string path) : Microsoft.Extensions.Logging.ILoggerProvider, Microsoft.Extensions.Logging.ILogger
{
    public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => this;
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => logLevel >= Microsoft.Extensions.Logging.LogLevel.Error;
    public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (this) { File.AppendAllText(path, formatter(state, exception) + "\n" + exception + "\n"); }
    }
    public void Dispose() { }
}
