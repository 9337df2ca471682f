using McpGateway.Auth.Infrastructure;
using McpGateway.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Auth.Tests;

/// <summary>
/// The auth service's own behaviour, on each database it supports. One partial class across files (sign-in, accounts,
/// administration, API tokens, ...), run once on SQLite and once on PostgreSQL by the two classes at the end; tests share
/// the class's database, so each one makes its own accounts.
/// </summary>
public abstract partial class AuthServiceTests(AuthFactory factory) : ServiceDefaultsContract<Program>(factory)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_service_migrated_its_database_before_serving()
    {
        using var client = factory.CreateClient(); // starts the host, which migrates first
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthContext>();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync(Cancel));
        await db.Users.CountAsync(Cancel); // the table exists
    }
}

public sealed class AuthServiceOnSqliteTests(SqliteAuthFactory factory)
    : AuthServiceTests(factory), IClassFixture<SqliteAuthFactory>;

public sealed class AuthServiceOnPostgresTests : AuthServiceTests, IClassFixture<PostgresAuthFactory>
{
    public AuthServiceOnPostgresTests(PostgresAuthFactory factory) : base(factory) => factory.Require();
}
