using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace McpGateway.ServiceDefaults;

/// <summary>What every service and the gateway share: health, telemetry, problem details, snake_case JSON, logging.</summary>
public static class Extensions
{
    public const string HealthEndpointPath = "/health";
    public const string AlivenessEndpointPath = "/alive";
    private const string LiveTag = "live";

    /// <summary>
    /// Adds health checks, OpenTelemetry, RFC 9457 problem details, snake_case JSON and structured logging. Services that
    /// authenticate callers add `AddTokenAuthentication` (McpGateway.ServiceDefaults.Authentication) beside it.
    /// </summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureLogging();
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddAuthorization();

        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
        });
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(15));
        builder.Services.AddHostedService<Hosting.ParentProcessWatcher>();
        builder.Services.AddHostedService<Hosting.StartupMemoryTrim>();
        return builder;
    }

    /// <summary>
    /// Categories that log per request or per command (every SQL statement, routing decision, proxied request, refused
    /// token logged again by the handler base class after our line with the reason): shown only with LOG_LEVEL=Debug.
    /// </summary>
    private static readonly string[] Chatter =
    [
        "Microsoft.EntityFrameworkCore",
        "Microsoft.AspNetCore",
        "Yarp",
        // The authentication handlers' base class (McpGateway.ServiceDefaults.Authentication, not referenced from here).
        "McpGateway.ServiceDefaults.Authentication.BearerTokenHandler",
        "McpGateway.ServiceDefaults.Authentication.BasicAuthenticationHandler",
    ];

    /// <summary>
    /// `LOG_FORMAT=json` writes one JSON object per line (for log collectors); the default is one readable line per entry.
    /// </summary>
    public static TBuilder ConfigureLogging<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.ClearProviders();
        if (string.Equals(builder.Configuration["LOG_FORMAT"], "json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.AddJsonConsole(o => { o.UseUtcTimestamp = true; o.TimestampFormat = "O"; });
        }
        else
        {
            builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        }
        var minimum = LogLevel.Information;
        if (builder.Configuration["LOG_LEVEL"] is { Length: > 0 } level && Enum.TryParse<LogLevel>(level, true, out var configured))
        {
            minimum = configured;
            builder.Logging.SetMinimumLevel(minimum);
        }
        if (minimum > LogLevel.Debug)
        {
            foreach (var category in Chatter)
            {
                builder.Logging.AddFilter(category, LogLevel.Warning);
            }
        }
        return builder;
    }

    /// <summary>`/alive` needs only the process; `/health` also needs every dependency (the database, downstream services).</summary>
    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// Adds the shared middleware (forwarded headers from the gateway, problem details for errors and bare status codes,
    /// authentication and authorization) and maps `/health` (readiness: every check) and `/alive` (liveness), in every environment: Kubernetes probes them.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseForwardedHeaders(ForwardedHeaders.OptionsFrom(app.Configuration));
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Malformed input (bad JSON, a missing required body) is the client's fault: 400, never 500.
            StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        // After the error pages, so a failure while authenticating is a problem response too. Authentication is lazy:
        // only endpoints with `.RequireAuthorization()` authenticate the caller (their policies name the scheme).
        app.UseAuthorization();
        app.Use(static (context, next) =>
        {
            // Probes arrive every few seconds; keep them out of traces.
            if (IsProbe(context.Request.Path) && Activity.Current is { } activity)
            {
                activity.IsAllDataRequested = false;
                activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            }
            return next(context);
        });

        app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions { ResponseWriter = WriteHealthResponse }).AllowAnonymous();
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains(LiveTag),
            ResponseWriter = WriteHealthResponse,
        }).AllowAnonymous();
        return app;
    }

    public const string ReadinessEndpointPath = "/ready";

    public static bool IsProbe(PathString path) =>
        path.StartsWithSegments(HealthEndpointPath) || path.StartsWithSegments(AlivenessEndpointPath) || path.StartsWithSegments(ReadinessEndpointPath);

    /// <summary>`{"status":"healthy","checks":{"database":"healthy"}}`: statuses only, never exception text.</summary>
    public static Task WriteHealthResponse(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new Dictionary<string, object>
        {
            ["status"] = StatusText(report.Status),
            ["checks"] = report.Entries.ToDictionary(e => e.Key, e => StatusText(e.Value.Status)),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, cancellationToken: context.RequestAborted);
    }

    private static string StatusText(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
