using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace McpGateway.ServiceDefaults.Data;

public static class DatabaseExtensions
{
    /// <summary>
    /// Registers the service's DbContext on SQLite or PostgreSQL, chosen by configuration alone
    /// (<see cref="ServiceDatabase.Resolve"/>), with a readiness health check. Migrations run through ServiceHost.
    /// </summary>
    public static ServiceDatabase AddServiceDatabase<TContext>(this IHostApplicationBuilder builder, string serviceName)
        where TContext : DbContext
    {
        var database = ServiceDatabase.Resolve(builder.Configuration, serviceName);
        builder.Services.AddSingleton(database);
        builder.Services.AddDbContext<TContext>(options => options.UseServiceDatabase(database));
        builder.Services.AddHealthChecks().AddDbContextCheck<TContext>("database");
        return database;
    }

    /// <summary>Points EF Core at the database; migrations live in the context's own assembly.</summary>
    public static DbContextOptionsBuilder UseServiceDatabase(this DbContextOptionsBuilder options, ServiceDatabase database)
    {
        if (database.Provider == DatabaseProvider.Postgres)
        {
            options.UseNpgsql(database.ConnectionString, npgsql => npgsql.MigrationsHistoryTable("__EFMigrationsHistory", database.Schema));
        }
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(database.SqliteFile)!);
            options.UseSqlite(database.ConnectionString);
        }
        return options;
    }
}
