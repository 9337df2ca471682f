using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpGateway.ServiceDefaults.Data;

public static class ServiceHost
{
    public const string MigrateCommand = "migrate";

    /// <summary>True when the process was started as `&lt;service&gt; migrate`.</summary>
    public static bool IsMigrateCommand(string[] args) => args is [MigrateCommand, ..];

    /// <summary>
    /// `&lt;service&gt; migrate`: migrates the service's database under the lock, prints the schema version and returns the
    /// exit code (0, or 1 with the reason on stderr). This is what a Kubernetes Job or init container runs. It builds no
    /// web host, so many replicas can run it at once cheaply. Configuration: environment variables and `--key value`.
    /// </summary>
    public static async Task<int> MigrateAsync<TContext>(string serviceName, string[] args) where TContext : DbContext
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args[1..]).Build();
        using var loggerFactory = LoggerFactory.Create(logging => logging
            .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; })
            .AddFilter("Microsoft", LogLevel.Warning));
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };

        var logger = loggerFactory.CreateLogger(typeof(ServiceHost));
        var exitCode = await TryMigrateAsync<TContext>(ServiceDatabase.Resolve(configuration, serviceName), logger, cancellation.Token, printVersion: true);
        return exitCode ?? 0;
    }

    /// <summary>
    /// Runs the service: migrates its database first (unless `MIGRATE_ON_STARTUP=false`, for deployments that migrate
    /// in a Job), then serves until stopped. Returns the process exit code.
    /// </summary>
    public static async Task<int> RunServiceAsync<TContext>(this WebApplication app) where TContext : DbContext
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ServiceHost));
        if (app.Configuration.GetValue("MIGRATE_ON_STARTUP", true))
        {
            var database = app.Services.GetRequiredService<ServiceDatabase>();
            if (await TryMigrateAsync<TContext>(database, logger, app.Lifetime.ApplicationStopping, printVersion: false) is { } failed)
            {
                return failed;
            }
        }
        // Taken now: once RunAsync has disposed the host, the lifetime's token can no longer be read.
        var stopping = app.Lifetime.ApplicationStopping;
        try
        {
            await app.RunAsync();
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // A stop asked for while the host was still starting (SIGTERM from a rolling update, Ctrl+C, or the app
            // itself) cancels the start, and the host throws: that is a clean stop, not a crash (it was exit code 134).
            logger.LogInformation("Stopped while starting.");
        }
        return 0;
    }

    /// <summary>Null on success, else the exit code after reporting why.</summary>
    private static async Task<int?> TryMigrateAsync<TContext>(ServiceDatabase database, ILogger logger, CancellationToken cancellationToken, bool printVersion)
        where TContext : DbContext
    {
        try
        {
            var result = await new MigrationRunner<TContext>(database, logger).MigrateAsync(cancellationToken);
            if (printVersion)
            {
                Console.WriteLine($"{result.Service} schema version {result.SchemaVersion} ({result.Applied} of {result.Total} migrations applied now)");
            }
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine($"Migration of the {database.ServiceName} database was cancelled; any unfinished migration was rolled back.");
            return 130;
        }
        catch (Exception e)
        {
            var message = e is SchemaTooNewException or MigrationFailedException
                ? e.Message
                : $"Cannot migrate the {database.ServiceName} database ({database.Describe()}): {e.Message}";
            logger.LogCritical(e is SchemaTooNewException ? null : e, "{Reason}", message);
            Console.Error.WriteLine(message);
            return 1;
        }
    }
}
