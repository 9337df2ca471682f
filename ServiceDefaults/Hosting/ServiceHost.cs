using McpGateway.ServiceDefaults.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpGateway.ServiceDefaults.Hosting;

public static class ServiceHost
{
    public const string MigrateCommand = "migrate";

    /// <summary>
    /// Runs a service. With the `migrate` argument it only migrates its database under the lock, prints the schema
    /// version and exits (0, or 1 with the reason): what a Kubernetes Job or init container runs. Otherwise it
    /// migrates first (unless `MIGRATE_ON_STARTUP=false`) and then serves until stopped.
    /// </summary>
    public static async Task<int> RunServiceAsync<TContext>(this WebApplication app, string[] args) where TContext : DbContext
    {
        var migrateOnly = args.Contains(MigrateCommand, StringComparer.OrdinalIgnoreCase);
        if (migrateOnly || app.Configuration.GetValue("MIGRATE_ON_STARTUP", true))
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ServiceHost));
            try
            {
                using var scope = app.Services.CreateScope();
                var result = await scope.ServiceProvider.GetRequiredService<MigrationRunner<TContext>>().MigrateAsync(app.Lifetime.ApplicationStopping);
                if (migrateOnly)
                {
                    Console.WriteLine($"{result.Service} schema version {result.SchemaVersion} ({result.Applied} of {result.Total} migrations applied now)");
                    return 0;
                }
            }
            catch (Exception e) when (e is SchemaTooNewException or MigrationFailedException)
            {
                logger.LogCritical("{Reason}", e.Message);
                Console.Error.WriteLine(e.Message);
                return 1;
            }
            catch (Exception e)
            {
                var database = app.Services.GetRequiredService<ServiceDatabase>();
                logger.LogCritical(e, "Cannot migrate the {Service} database ({Database})", database.ServiceName, database.Describe());
                Console.Error.WriteLine($"Cannot migrate the {database.ServiceName} database ({database.Describe()}): {e.Message}");
                return 1;
            }
        }
        await app.RunAsync();
        return 0;
    }
}
