using McpGateway.AppHost.Terminal;

namespace McpGateway.AppHost.Tests;

/// <summary>Reads the process environment: not run in parallel with another test that sets the same variables.</summary>
[Collection(nameof(DatabaseDescriptionTests))]
public sealed class DatabaseDescriptionTests : IDisposable
{
    private static readonly string[] Variables = ["DATABASE_URL", "ConnectionStrings__authdb"];

    [Fact]
    public void SQLite_in_the_data_directory_by_default()
    {
        Assert.Equal("SQLite /data/auth.db", DatabaseDescription.For("auth", "/data"));
    }

    [Theory]
    [InlineData("postgresql://mcp:pa55word@db.example.com:5433/mcp", "PostgreSQL db.example.com:5433/mcp (DATABASE_URL)")]
    [InlineData("postgresql+psycopg://mcp:pa55word@db.example.com/mcp", "PostgreSQL db.example.com:5432/mcp (DATABASE_URL)")]
    [InlineData("Host=db.example.com;Database=mcp;Username=mcp;Password=pa55word", "PostgreSQL db.example.com/mcp (DATABASE_URL)")]
    [InlineData("sqlite:///./mcp.db", "SQLite (DATABASE_URL)")]
    public void A_shared_database_is_named_without_its_credentials(string url, string expected)
    {
        Environment.SetEnvironmentVariable("DATABASE_URL", url);

        var description = DatabaseDescription.For("auth", "/data");

        Assert.Equal(expected, description);
        Assert.DoesNotContain("pa55word", description);
    }

    [Fact]
    public void A_service_s_own_connection_string_wins_over_DATABASE_URL()
    {
        Environment.SetEnvironmentVariable("DATABASE_URL", "postgresql://mcp@shared/mcp");
        Environment.SetEnvironmentVariable("ConnectionStrings__authdb", "Data Source=/var/lib/auth.db");

        Assert.Equal("SQLite (ConnectionStrings__authdb)", DatabaseDescription.For("auth", "/data"));
        Assert.Equal("PostgreSQL shared:5432/mcp (DATABASE_URL)", DatabaseDescription.For("teams", "/data"));
    }

    public void Dispose()
    {
        foreach (var variable in Variables)
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }
}
