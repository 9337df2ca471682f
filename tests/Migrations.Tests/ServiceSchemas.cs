using McpGateway.Auth.Infrastructure;
using McpGateway.Catalog.Infrastructure;
using McpGateway.Teams.Infrastructure;
using McpGateway.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Migrations.Tests;

/// <summary>Every service's DbContext, so a test can run over all of them.</summary>
public static class ServiceSchemas
{
    public static readonly IReadOnlyDictionary<string, Type> Contexts = new Dictionary<string, Type>
    {
        [AuthContext.ServiceName] = typeof(AuthContext),
        [TeamsContext.ServiceName] = typeof(TeamsContext),
        [CatalogContext.ServiceName] = typeof(CatalogContext),
    };

    public static TheoryData<string> Names => new(Contexts.Keys);

    public static DbContext CreateContext(string service, ServiceDatabase database)
    {
        var type = Contexts[service];
        var builder = (DbContextOptionsBuilder)Activator.CreateInstance(typeof(DbContextOptionsBuilder<>).MakeGenericType(type))!;
        return (DbContext)Activator.CreateInstance(type, builder.UseServiceDatabase(database).Options)!;
    }

    /// <summary>The newest migration id compiled into the service.</summary>
    public static string LatestMigration(string service)
    {
        using var context = CreateContext(service, Database.Sqlite(service, Path.Combine(Path.GetTempPath(), "unused.db")));
        return context.Database.GetMigrations().Last();
    }
}
