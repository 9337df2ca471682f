using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
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
    /// Adds logging, OpenTelemetry, health checks, service discovery and standard resilience for every HttpClient made by
    /// IHttpClientFactory, RFC 9457 problem details and snake_case JSON. Services that authenticate callers add
    /// `AddTokenAuthentication` (McpGateway.ServiceDefaults.Authentication) beside it; the gateway does not.
    /// </summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureLogging();
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();

        // `http://teams` in a client's address resolves through `services:teams:http:0`, as Aspire spells it. Only
        // IHttpClientFactory's clients get this: YARP's forwarder builds its own invoker, whose retries would be wrong
        // for a proxy (a request body cannot be replayed), and the JWKS fetch has a refresh schedule of its own.
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        builder.Services.AddProblemDetails();
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
            ForwardedHeaders.Configure(options, builder.Configuration, ForwardedHeaders.ServiceSetting, trustLoopbackByDefault: true));
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
        });
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(15));
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
        "System.Net.Http.HttpClient",
        "Polly",
        // The Basic handler's base class (McpGateway.ServiceDefaults.Authentication, not referenced from here);
        // JwtBearer's handler is under Microsoft.AspNetCore.
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
            if (!Telemetry.IsEnabled(builder.Configuration))
            {
                // ASP.NET Core starts an Activity for every request whenever this category is enabled at any level, only so
                // that log scopes can carry a trace id; that Activity then makes HttpClient (YARP's forwarder included)
                // write a traceparent header on every outgoing call. Without telemetry no trace exists to correlate
                // with, and the category's lines are the per-request ones hidden above (and a start-up failure, which
                // ends the process with its exception on stderr anyway): switched off, requests cost no Activity, and a
                // client's own traceparent passes through the gateway untouched.
                builder.Logging.AddFilter(HostingDiagnosticsCategory, LogLevel.None);
            }
        }
        return builder;
    }

    private const string HostingDiagnosticsCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>`/alive` needs only the process; `/health` also needs every dependency (the database, downstream services).</summary>
    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// Adds the shared middleware, in this order: forwarded headers (the client's address and scheme, from the proxies
    /// <see cref="ForwardedHeaders"/> trusts),
    /// problem details for exceptions and bare status codes, routing, then authentication and authorization where
    /// `AddTokenAuthentication` registered them; and maps `/health` (readiness: every check) and `/alive` (liveness) in
    /// every environment: Kubernetes probes them.
    /// </summary>
    /// <remarks>
    /// Authentication is placed here explicitly, after the error pages (so a failure while authenticating is a problem
    /// response too), instead of where WebApplication would put it by itself: first, ahead of everything. No scheme is
    /// the default, so this middleware authenticates nobody by itself (it only lets request handlers such as an OpenID
    /// Connect callback answer); a caller is authenticated only by an endpoint whose policy names the token scheme, and an
    /// anonymous endpoint costs the same with or without an Authorization header.
    /// </remarks>
    /// <param name="beforeAuthentication">
    /// Middleware of the service's own that must see each request after routing and the client's address are settled but
    /// before any authentication handler reads it (the auth service's OAuth request guard, ahead of OpenIddict).
    /// </param>
    public static WebApplication MapDefaultEndpoints(this WebApplication app, Action<IApplicationBuilder>? beforeAuthentication = null)
    {
        app.UseForwardedHeaders();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Malformed input (bad JSON, a missing required body) is the client's fault: 400, never 500.
            StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        app.UseRouting();
        beforeAuthentication?.Invoke(app);
        var registered = app.Services.GetRequiredService<IServiceProviderIsService>();
        if (registered.IsService(typeof(IAuthenticationSchemeProvider)))
        {
            app.UseAuthentication();
        }
        if (registered.IsService(typeof(IAuthorizationHandlerProvider)))
        {
            app.UseAuthorization();
        }

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
