using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace McpGateway.ServiceDefaults;

/// <summary>
/// OpenTelemetry traces, metrics and logs (eShop's shape), exported over OTLP when `OTEL_EXPORTER_OTLP_ENDPOINT` is set
/// (the exporter reads `OTEL_EXPORTER_OTLP_PROTOCOL`, `OTEL_EXPORTER_OTLP_HEADERS` and friends itself).
/// Without an endpoint nothing is registered at all: no listener, so ASP.NET Core, HttpClient and Npgsql create no
/// Activities for telemetry and record no measurements, and telemetry that goes nowhere costs nothing.
/// </summary>
public static class Telemetry
{
    /// <summary>The ActivitySource and Meter name of our own code.</summary>
    public const string SourceName = "McpGateway";

    /// <summary>
    /// Each metric stream allocates room for its cardinality limit of attribute combinations up front: 2,000 by default,
    /// 2 MB for a histogram, in each of ~80 streams per process. Our own meter keeps that (calls by tool, gateway, team
    /// and outcome); the request durations (by route, method and status; by upstream) may see hundreds; every other
    /// stream sees a handful. Beyond its limit a stream counts measurements in OpenTelemetry's overflow point, so nothing
    /// is lost. Measured under AppHost (bench/stack.sh, first start): the four processes about 40 MB smaller.
    /// </summary>
    private static readonly HashSet<string> RequestDurations = ["http.server.request.duration", "http.client.request.duration"];

    private static readonly MetricStreamConfiguration RequestDurationStream = new() { CardinalityLimit = 500 };

    private static readonly MetricStreamConfiguration SmallStream = new() { CardinalityLimit = 100 };

    /// <summary>Whether this process exports telemetry (`OTEL_EXPORTER_OTLP_ENDPOINT` is set).</summary>
    public static bool IsEnabled(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        if (!IsEnabled(builder.Configuration))
        {
            return builder;
        }

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : builder.Environment.ApplicationName;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceVersion: typeof(Telemetry).Assembly.GetName().Version?.ToString()))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(SourceName)
                .AddView(instrument => instrument.Meter.Name == SourceName ? null
                    : RequestDurations.Contains(instrument.Name) ? RequestDurationStream : SmallStream))
            .WithTracing(tracing => tracing
                // Probes arrive every few seconds from every replica; they would drown the traces worth reading.
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => !Extensions.IsProbe(context.Request.Path))
                .AddHttpClientInstrumentation()
                .AddSource(SourceName))
            .UseOtlpExporter();
        return builder;
    }

    /// <summary>
    /// Subscribes the tracer to more ActivitySources (a project's own: YARP's, Npgsql's), only where telemetry is on.
    /// </summary>
    public static IServiceCollection AddTracingSources(this IServiceCollection services, IConfiguration configuration, params string[] sources)
    {
        if (IsEnabled(configuration))
        {
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(sources));
        }
        return services;
    }

    /// <summary>Subscribes the meter provider to more Meters, only where telemetry is on.</summary>
    public static IServiceCollection AddMeters(this IServiceCollection services, IConfiguration configuration, params string[] meters)
    {
        if (IsEnabled(configuration))
        {
            services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(meters));
        }
        return services;
    }
}
