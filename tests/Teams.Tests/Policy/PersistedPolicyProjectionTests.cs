using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Authentication;
using McpGateway.ServiceDefaults.Authorization;
using McpGateway.ServiceDefaults.Authorization.Persistence;
using McpGateway.ServiceDefaults.Data;
using McpGateway.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace McpGateway.Teams.Tests.Policy;

/// <summary>
/// The projection another service (the catalog) keeps of the teams events, in its own database: applied events survive
/// a restart, a redelivered event changes nothing, and the tables the migration helper creates are the ones mapped.
/// </summary>
public abstract class PersistedPolicyProjectionTests(TestDatabase database) : IAsyncLifetime
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private ServiceDatabase _database = null!;

    public async ValueTask InitializeAsync()
    {
        var connectionString = await database.CreateAsync("consumer");
        if (connectionString.Length == 0)
        {
            return;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:consumerdb"] = connectionString }).Build();
        _database = ServiceDatabase.Resolve(configuration, "consumer");
        await using var db = Open();
        await db.Database.MigrateAsync(Cancel);
    }

    public ValueTask DisposeAsync() => database.DisposeAsync();

    private ConsumerContext Open()
    {
        var options = new DbContextOptionsBuilder<ConsumerContext>();
        options.UseServiceDatabase(_database);
        return new ConsumerContext(options.Options);
    }

    private static PolicyEvaluator EvaluatorOn(PolicyProjection projection) =>
        new(projection, TimeProvider.System, Options.Create(new TokenAuthenticationOptions()));

    [Fact]
    public async Task What_was_applied_is_known_again_after_a_restart_and_redeliveries_change_nothing()
    {
        database.Require();
        var events = new IntegrationEvent[]
        {
            new TeamCreated("t1", "One", "one", false, "private", "Owner@Example.com"),
            new TeamMemberAdded("t1", "owner@example.com", "owner"),
            new TeamMemberAdded("t1", "dev@example.com", "member"),
            new RoleAssigned("g1", "dev@example.com", "ops", "ops", RoleScopes.Team, "t1", [Permissions.ToolsExecute], null),
            new RoleAssigned("g2", "ci-bot", "developer", "developer", RoleScopes.Team, "t1", [.. DefaultRoles.Developer.Permissions], null),
            new TeamCreated("t2", "Two", "two", false, "private", "owner@example.com"),
            new TeamMemberAdded("t2", "dev@example.com", "member"),
            new TeamDeleted("t2"),
            new RoleUpdated("ops", "ops", [Permissions.ToolsExecute, Permissions.PromptsExecute]),
        };
        var live = new PersistedPolicyProjection(new PolicyProjection());
        foreach (var e in events.Concat(events))
        {
            await using var db = Open();
            Assert.True(await live.ApplyAsync(db, e, Cancel));
        }

        var restarted = new PolicyProjection();
        await using (var db = Open())
        {
            await new PersistedPolicyProjection(restarted).LoadAsync(db, Cancel);
        }
        var policy = EvaluatorOn(restarted);

        Assert.True(policy.IsAllowed(Caller.ForUser("owner@example.com"), Permissions.TeamsDelete, "t1"));
        Assert.True(policy.IsAllowed(Caller.ForUser("dev@example.com"), Permissions.PromptsExecute, "t1"));
        Assert.False(policy.IsAllowed(Caller.ForUser("dev@example.com"), Permissions.ToolsCreate, "t1"));
        Assert.True(policy.IsAllowed(Caller.ForClient("ci-bot"), Permissions.ToolsCreate, "t1"));
        Assert.False(policy.CanSeeTeam(Caller.ForUser("dev@example.com"), "t2"));
        await using (var db = Open())
        {
            Assert.Equal(2, await db.Set<ProjectedMembership>().CountAsync(Cancel));
            Assert.Single(await db.Set<ProjectedTeam>().ToListAsync(Cancel));
        }
    }

    [Fact]
    public async Task Removing_and_revoking_are_remembered_too()
    {
        database.Require();
        var live = new PersistedPolicyProjection(new PolicyProjection());
        foreach (var e in new IntegrationEvent[]
        {
            new TeamCreated("t", "T", "t", false, "public", "a@example.com"),
            new TeamMemberAdded("t", "a@example.com", "owner"),
            new TeamMemberAdded("t", "b@example.com", "member"),
            new RoleAssigned("g", "b@example.com", "developer", "developer", RoleScopes.Team, "t", [.. DefaultRoles.Developer.Permissions], null),
            new TeamMemberRemoved("t", "b@example.com"),
            new RoleRevoked("g", "b@example.com", "developer", RoleScopes.Team, "t"),
            new TeamUpdated("t", "T", "t", "private"),
        })
        {
            await using var db = Open();
            await live.ApplyAsync(db, e, Cancel);
        }

        var restarted = new PolicyProjection();
        await using (var db = Open())
        {
            await new PersistedPolicyProjection(restarted).LoadAsync(db, Cancel);
        }
        var policy = EvaluatorOn(restarted);

        Assert.False(policy.IsAllowed(Caller.ForUser("b@example.com"), Permissions.ToolsRead, "t"));
        Assert.False(policy.CanSeeTeam(Caller.ForUser("b@example.com"), "t"));
    }
}

public sealed class PersistedPolicyProjectionOnSqliteTests() : PersistedPolicyProjectionTests(new SqliteTestDatabase());

public sealed class PersistedPolicyProjectionOnPostgresTests() : PersistedPolicyProjectionTests(new PostgresTestDatabase());

/// <summary>A consuming service's context, reduced to the projection.</summary>
public sealed class ConsumerContext(DbContextOptions<ConsumerContext> options) : DbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) => configurationBuilder.UseUtcDateTimes();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddPolicyProjection().UseSnakeCaseColumns();
}

[DbContext(typeof(ConsumerContext))]
[Migration("20261122000000_PolicyProjection")]
public sealed class ConsumerPolicyProjectionMigration : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.CreatePolicyProjectionTables();

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropPolicyProjectionTables();
}
