using McpGateway.Teams.Infrastructure;
using McpGateway.TestSupport;

namespace McpGateway.Teams.Tests;

/// <summary>
/// The teams service in-process, on a real database it migrates itself at start-up, trusting <see cref="Tokens"/> as
/// it trusts the auth service. Settings are small where a test must reach a limit.
/// </summary>
public abstract class TeamsFactory(TestDatabase database) : ServiceFactory<Program>(TeamsContext.ServiceName, database)
{
    public const string PlatformAdmin = "root@example.com";
    public const int MaxTeamsPerUser = 6;
    public const int MaxMembersPerTeam = 20;

    public TestTokenIssuer Tokens { get; } = new();

    public override async ValueTask InitializeAsync()
    {
        await Tokens.StartAsync();
        await base.InitializeAsync();
    }

    public override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["services:auth:http:0"] = Tokens.Address.AbsoluteUri,
        ["PLATFORM_ADMIN_EMAIL"] = PlatformAdmin,
        ["MAX_TEAMS_PER_USER"] = MaxTeamsPerUser.ToString(),
        ["MAX_MEMBERS_PER_TEAM"] = MaxMembersPerTeam.ToString(),
        ["BASIC_AUTH_USER"] = "admin",
        ["BASIC_AUTH_PASSWORD"] = "changeme",
    };

    /// <summary>A client sending <paramref name="token"/> as its bearer token (null: anonymous).</summary>
    public HttpClient ClientWith(string? token)
    {
        var client = CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }
        return client;
    }

    public HttpClient As(string email) => ClientWith(Tokens.User(email));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Tokens.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteTeamsFactory() : TeamsFactory(new SqliteTestDatabase());

public sealed class PostgresTeamsFactory() : TeamsFactory(new PostgresTestDatabase());
