using McpGateway.ServiceDefaults.Data;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace McpGateway.ServiceDefaults.Tests;

public sealed class ServiceDatabaseTests
{
    private static ServiceDatabase Resolve(string service, params (string Key, string Value)[] settings) =>
        ServiceDatabase.Resolve(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value)).Build(), service);

    [Fact]
    public void With_no_configuration_each_service_uses_its_own_SQLite_file_in_the_data_directory()
    {
        var database = Resolve("auth", ("MCPGATEWAY_HOME", "/var/lib/mcp"));

        Assert.Equal(DatabaseProvider.Sqlite, database.Provider);
        Assert.Equal("/var/lib/mcp/auth.db", database.SqliteFile);
    }

    [Fact]
    public void The_default_data_directory_is_dot_mcpgateway_in_the_home_directory()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

        Assert.Equal(Path.Combine(home, ".mcpgateway", "teams.db"), Resolve("teams").SqliteFile);
    }

    [Fact]
    public void A_data_directory_starting_with_a_tilde_is_in_the_home_directory_as_a_shell_would_expand_it()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

        Assert.Equal(Path.Combine(home, "gateway-data", "auth.db"), Resolve("auth", ("MCPGATEWAY_HOME", "~/gateway-data")).SqliteFile);
    }

    [Fact]
    public void A_PostgreSQL_DATABASE_URL_puts_each_service_in_its_own_schema_of_that_database()
    {
        var database = Resolve("catalog", ("DATABASE_URL", "postgresql://mcp:s3cr%40t@db.example.com:6543/gateway?sslmode=require"));
        var connection = new NpgsqlConnectionStringBuilder(database.ConnectionString);

        Assert.Equal(DatabaseProvider.Postgres, database.Provider);
        Assert.Equal(("db.example.com", 6543, "gateway", "mcp", "s3cr@t"), (connection.Host, connection.Port, connection.Database, connection.Username, connection.Password));
        Assert.Equal(SslMode.Require, connection.SslMode);
        Assert.Equal("catalog", database.Schema);
    }

    [Theory]
    [InlineData("postgres://u@h/d")]
    [InlineData("postgresql+psycopg://u@h/d")]
    public void ContextForge_style_PostgreSQL_URLs_are_accepted(string url)
    {
        var database = Resolve("auth", ("DATABASE_URL", url));

        Assert.Equal(DatabaseProvider.Postgres, database.Provider);
        Assert.Equal(5432, new NpgsqlConnectionStringBuilder(database.ConnectionString).Port);
    }

    [Fact]
    public void A_shared_SQLite_DATABASE_URL_still_gives_each_service_its_own_file_beside_it()
    {
        var database = Resolve("teams", ("DATABASE_URL", "sqlite:////srv/mcp/mcp.db"));

        Assert.Equal("/srv/mcp/teams.db", database.SqliteFile);
    }

    [Fact]
    public void A_service_s_own_connection_string_wins_over_DATABASE_URL()
    {
        var database = Resolve("auth", ("DATABASE_URL", "postgresql://u@h/d"), ("ConnectionStrings:authdb", "Data Source=/tmp/own.db"));

        Assert.Equal("/tmp/own.db", database.SqliteFile);
    }

    [Fact]
    public void An_Npgsql_connection_string_keeps_an_explicit_search_path()
    {
        var database = Resolve("auth", ("ConnectionStrings:authdb", "Host=h;Database=d;Username=u;Search Path=identity"));

        Assert.Equal("identity", database.Schema);
    }

    [Theory]
    [InlineData("mysql://u@h/d", "unsupported database URL scheme 'mysql'")]
    [InlineData("Foo=bar", "cannot tell the database")]
    [InlineData("just some words", "the connection string is malformed")]
    [InlineData("postgresql://", "not a valid PostgreSQL URL")]
    public void An_unusable_setting_is_refused_with_a_message_naming_it(string value, string message)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Resolve("auth", ("DATABASE_URL", value)));

        Assert.Contains("DATABASE_URL", error.Message);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Descriptions_and_errors_never_show_the_password()
    {
        var database = Resolve("auth", ("DATABASE_URL", "postgresql://mcp:hunter2@h/d"));
        var refused = Assert.Throws<InvalidOperationException>(() => Resolve("auth", ("DATABASE_URL", "postgresql://mcp:hunter2@/d")));

        Assert.DoesNotContain("hunter2", database.Describe());
        Assert.DoesNotContain("hunter2", database.ToString());
        Assert.DoesNotContain("hunter2", refused.Message);
    }

    [Fact]
    public void Advisory_lock_keys_are_stable_and_differ_per_service()
    {
        Assert.Equal(MigrationLock.AdvisoryLockKey("auth"), MigrationLock.AdvisoryLockKey("auth"));
        Assert.NotEqual(MigrationLock.AdvisoryLockKey("auth"), MigrationLock.AdvisoryLockKey("teams"));
    }

    [Theory]
    [InlineData("OwnerEmail", "owner_email")]
    [InlineData("Id", "id")]
    [InlineData("TeamId", "team_id")]
    [InlineData("LastSeenAt", "last_seen_at")]
    [InlineData("JWKSUri", "jwks_uri")]
    public void Column_names_are_snake_case(string property, string column) =>
        Assert.Equal(column, ModelBuilderExtensions.ToSnakeCase(property));
}
