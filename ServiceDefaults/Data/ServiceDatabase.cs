using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace McpGateway.ServiceDefaults.Data;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>
/// Where one service keeps its data, chosen by configuration alone, first match wins:
/// <list type="number">
/// <item>`ConnectionStrings:{service}db` (env `ConnectionStrings__authdb`): a SQLite or Npgsql connection string, or a URL;</item>
/// <item>`DATABASE_URL` (ContextForge's name), e.g. `postgresql://user:pass@host:5432/mcp`: all services share that
/// database, each in its own schema named after the service;</item>
/// <item>otherwise the SQLite file `{MCPGATEWAY_HOME}/{service}.db` (default home `~/.mcpgateway`).</item>
/// </list>
/// </summary>
public sealed record ServiceDatabase(string ServiceName, DatabaseProvider Provider, string ConnectionString)
{
    /// <summary>The SQLite file, or null on PostgreSQL.</summary>
    public string? SqliteFile => Provider == DatabaseProvider.Sqlite ? new SqliteConnectionStringBuilder(ConnectionString).DataSource : null;

    /// <summary>The PostgreSQL schema holding this service's tables (the service name), or null on SQLite.</summary>
    public string? Schema => Provider == DatabaseProvider.Postgres ? new NpgsqlConnectionStringBuilder(ConnectionString).SearchPath : null;

    /// <summary>`MCPGATEWAY_HOME` as an absolute path (a leading `~/` is the home directory: a `.env` file or a
    /// Kubernetes manifest does not expand it as a shell would), default `~/.mcpgateway`.</summary>
    public static string DataDirectory(IConfiguration configuration)
    {
        var userHome = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return configuration["MCPGATEWAY_HOME"] switch
        {
            { Length: > 0 } home when home.StartsWith("~/", StringComparison.Ordinal) => Path.Combine(userHome, home[2..]),
            { Length: > 0 } home => Path.GetFullPath(home),
            _ => Path.Combine(userHome, ".mcpgateway"),
        };
    }

    public static ServiceDatabase Resolve(IConfiguration configuration, string serviceName)
    {
        if (configuration.GetConnectionString($"{serviceName}db") is { Length: > 0 } own)
        {
            return Parse(serviceName, own, sharedUrl: false, source: $"ConnectionStrings:{serviceName}db");
        }
        if (configuration["DATABASE_URL"] is { Length: > 0 } shared)
        {
            return Parse(serviceName, shared, sharedUrl: true, source: "DATABASE_URL");
        }
        return Sqlite(serviceName, Path.Combine(DataDirectory(configuration), $"{serviceName}.db"));
    }

    private static ServiceDatabase Parse(string serviceName, string value, bool sharedUrl, string source)
    {
        value = value.Trim();
        var scheme = value.Split("://", 2)[0].ToLowerInvariant();
        if (value.Contains("://") && (scheme.StartsWith("postgres", StringComparison.Ordinal)))
        {
            return Postgres(serviceName, FromPostgresUrl(value, source));
        }
        if (value.Contains("://") && scheme.StartsWith("sqlite", StringComparison.Ordinal))
        {
            // sqlite:///./mcp.db is relative, sqlite:////var/lib/mcp.db absolute (SQLAlchemy's form, as ContextForge uses).
            var path = Path.GetFullPath(value[(value.IndexOf("://", StringComparison.Ordinal) + 4)..] is { Length: > 0 } p ? p : "mcp.db");
            // One shared SQLite URL still gives each service its own file, in that file's directory.
            return Sqlite(serviceName, sharedUrl ? Path.Combine(Path.GetDirectoryName(path)!, $"{serviceName}.db") : path);
        }
        if (value.Contains("://"))
        {
            throw new InvalidOperationException($"{source}: unsupported database URL scheme '{scheme}'. Use postgresql://... or sqlite:///path.");
        }
        try
        {
            var keys = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = value };
            if (keys.ContainsKey("Host") || keys.ContainsKey("Server"))
            {
                return Postgres(serviceName, new NpgsqlConnectionStringBuilder(value));
            }
            if (keys.ContainsKey("Data Source") || keys.ContainsKey("DataSource") || keys.ContainsKey("Filename"))
            {
                return Sqlite(serviceName, new SqliteConnectionStringBuilder(value).DataSource);
            }
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"{source}: the connection string is malformed ({e.Message}).", e);
        }
        throw new InvalidOperationException(
            $"{source}: cannot tell the database from the connection string. Use 'Data Source=file.db' (SQLite), 'Host=...;Database=...' or postgresql://... (PostgreSQL).");
    }

    private static NpgsqlConnectionStringBuilder FromPostgresUrl(string url, string source)
    {
        // Accept SQLAlchemy dialect suffixes as ContextForge writes them: postgresql+psycopg://...
        var normalized = "postgresql" + url[url.IndexOf("://", StringComparison.Ordinal)..];
        if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new InvalidOperationException($"{source}: '{Redact(url)}' is not a valid PostgreSQL URL.");
        }
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) is { Length: > 0 } db ? db : "postgres",
        };
        if (uri.UserInfo.Split(':', 2) is [var user, ..] && user.Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(user);
            if (uri.UserInfo.Split(':', 2) is [_, var password])
            {
                builder.Password = Uri.UnescapeDataString(password);
            }
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, val) = pair.Split('=', 2) is [var k, var v] ? (k, Uri.UnescapeDataString(v)) : (pair, "");
            if (key.Equals("sslmode", StringComparison.OrdinalIgnoreCase) && Enum.TryParse<SslMode>(val.Replace("-", ""), true, out var mode))
            {
                builder.SslMode = mode;
            }
        }
        return builder;
    }

    private static ServiceDatabase Sqlite(string serviceName, string file)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(file),
            // Microsoft.Data.Sqlite retries a busy database for up to this many seconds before failing a command.
            DefaultTimeout = 30,
            Pooling = true,
        };
        return new ServiceDatabase(serviceName, DatabaseProvider.Sqlite, builder.ConnectionString);
    }

    private static ServiceDatabase Postgres(string serviceName, NpgsqlConnectionStringBuilder builder)
    {
        // Each service owns a schema, so one database (one DATABASE_URL) can serve all three without collisions.
        if (string.IsNullOrEmpty(builder.SearchPath))
        {
            builder.SearchPath = serviceName;
        }
        builder.ApplicationName ??= $"mcpgateway-{serviceName}";
        return new ServiceDatabase(serviceName, DatabaseProvider.Postgres, builder.ConnectionString);
    }

    /// <summary>The connection target without credentials, for logs and messages.</summary>
    public string Describe() => Provider == DatabaseProvider.Sqlite
        ? $"SQLite {SqliteFile}"
        : new NpgsqlConnectionStringBuilder(ConnectionString) is var b ? $"PostgreSQL {b.Host}:{b.Port}/{b.Database} schema {b.SearchPath}" : "";

    private static string Redact(string url) =>
        System.Text.RegularExpressions.Regex.Replace(url, "://[^@/]*@", "://***@");

    public override string ToString() => Describe();
}
