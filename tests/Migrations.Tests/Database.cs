using McpGateway.ServiceDefaults.Data;
using Microsoft.Extensions.Configuration;

namespace McpGateway.Migrations.Tests;

/// <summary>A service's database as the service itself would resolve it, plus the environment that selects it.</summary>
public sealed record Database(ServiceDatabase Target, IReadOnlyDictionary<string, string> Environment)
{
    public static Database Sqlite(string service, string file)
    {
        var environment = new Dictionary<string, string> { [$"ConnectionStrings__{service}db"] = $"Data Source={file}" };
        return new Database(Resolve(service, environment), environment);
    }

    public static Database Postgres(string service, string connectionString)
    {
        var environment = new Dictionary<string, string> { ["DATABASE_URL"] = McpGateway.TestSupport.PostgresServer.Url(connectionString) };
        return new Database(Resolve(service, environment), environment);
    }

    public static implicit operator ServiceDatabase(Database database) => database.Target;

    private static ServiceDatabase Resolve(string service, Dictionary<string, string> environment) =>
        ServiceDatabase.Resolve(new ConfigurationBuilder()
            .AddInMemoryCollection(environment.ToDictionary(e => e.Key.Replace("__", ":"), e => (string?)e.Value)).Build(), service);
}
