using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace McpGateway.ServiceDefaults.Data;

public static class DatabaseExtensions
{
    /// <summary>
    /// Registers the service's DbContext on SQLite or PostgreSQL, chosen by configuration alone
    /// (<see cref="ServiceDatabase.Resolve"/>), pooled, with a readiness health check named "database" on either
    /// provider. Migrations run through ServiceHost.
    /// </summary>
    public static ServiceDatabase AddServiceDatabase<TContext>(this IHostApplicationBuilder builder, string serviceName)
        where TContext : DbContext
    {
        var database = ServiceDatabase.Resolve(builder.Configuration, serviceName);
        builder.Services.AddSingleton(database);
        // A request rents a context from the pool instead of building one; our contexts take nothing but their options.
        builder.Services.AddDbContextPool<TContext>(options => options.UseServiceDatabase(database));
        builder.Services.AddHealthChecks().AddDbContextCheck<TContext>("database");
        builder.Services.AddMeters(builder.Configuration, "Microsoft.EntityFrameworkCore");

        if (database.Provider == DatabaseProvider.Postgres)
        {
            // Aspire's PostgreSQL integration, on our registration rather than its own (which would pick the database by
            // a connection name, not by configuration as ServiceDatabase does): Npgsql's traces and metrics when telemetry
            // is on. Its retrying execution strategy stays off: it refuses the explicit transactions the services open
            // (user administration runs serializable ones); so does its health check: "database" covers both providers.
            var telemetry = Telemetry.IsEnabled(builder.Configuration);
            builder.EnrichNpgsqlDbContext<TContext>(settings =>
            {
                settings.DisableRetry = true;
                settings.DisableHealthChecks = true;
                settings.DisableTracing = !telemetry;
                settings.DisableMetrics = !telemetry;
            });
        }
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
