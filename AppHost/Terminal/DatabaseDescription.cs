using System.Data.Common;

namespace McpGateway.AppHost.Terminal;

/// <summary>
/// Names the database a service will use, as ServiceDefaults' ServiceDatabase chooses it (`ConnectionStrings__{service}db`,
/// else `DATABASE_URL`, else SQLite in the data directory), from the settings alone: the server and database, never a
/// credential. The service itself reports a setting it cannot use.
/// </summary>
public static class DatabaseDescription
{
    public static string For(string service, string dataDirectory)
    {
        var own = $"ConnectionStrings__{service}db";
        return Environment.GetEnvironmentVariable(own) is { Length: > 0 } connection ? Describe(connection, own)
            : Environment.GetEnvironmentVariable("DATABASE_URL") is { Length: > 0 } url ? Describe(url, "DATABASE_URL")
            : $"SQLite {Path.Combine(dataDirectory, service + ".db")}";
    }

    private static string Describe(string value, string setting)
    {
        if (value.Contains("://"))
        {
            return Uri.TryCreate(value.Trim(), UriKind.Absolute, out var url) && url.Scheme.StartsWith("postgres", StringComparison.OrdinalIgnoreCase)
                ? $"PostgreSQL {url.Host}:{(url.Port > 0 ? url.Port : 5432)}{url.AbsolutePath} ({setting})"
                : $"SQLite ({setting})";
        }
        try
        {
            var keys = new DbConnectionStringBuilder { ConnectionString = value };
            return keys.TryGetValue("Host", out var host) || keys.TryGetValue("Server", out host)
                ? $"PostgreSQL {host}/{(keys.TryGetValue("Database", out var database) ? database : "")} ({setting})"
                : $"SQLite ({setting})";
        }
        catch (ArgumentException)
        {
            return setting;
        }
    }
}
