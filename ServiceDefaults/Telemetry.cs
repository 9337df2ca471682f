using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace McpGateway.ServiceDefaults;

/// <summary>
/// OpenTelemetry traces, metrics and logs, exported over OTLP when `OTEL_EXPORTER_OTLP_ENDPOINT` is set.
/// ASP.NET Core, HttpClient, Npgsql and our own code emit Activities and Meters natively; we only subscribe.
/// With no endpoint nothing is recorded, so telemetry costs nothing when it goes nowhere.
/// </summary>
public static class Telemetry
{
    /// <summary>The ActivitySource and Meter name of our own code.</summary>
    public const string SourceName = "McpGateway";

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return builder;
        }

        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName;
        var version = typeof(Telemetry).Assembly.GetName().Version?.ToString();
        void Resource(ResourceBuilder r) => r.AddService(serviceName, serviceVersion: version);

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.SetResourceBuilder(ResourceBuilder.CreateDefault().AddService(serviceName, serviceVersion: version));
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
            logging.AddOtlpExporter();
        });

        builder.Services.AddSingleton(_ =>
        {
            var resource = ResourceBuilder.CreateDefault();
            Resource(resource);
            return Sdk.CreateTracerProviderBuilder()
                .SetResourceBuilder(resource)
                .AddSource(SourceName, "Microsoft.AspNetCore", "System.Net.Http", "Npgsql", "Yarp.ReverseProxy")
                .AddOtlpExporter()
                .Build();
        });
        builder.Services.AddSingleton(_ =>
        {
            var resource = ResourceBuilder.CreateDefault();
            Resource(resource);
            return Sdk.CreateMeterProviderBuilder()
                .SetResourceBuilder(resource)
                .AddMeter(SourceName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel",
                    "Microsoft.AspNetCore.Routing", "Microsoft.AspNetCore.Diagnostics", "Microsoft.AspNetCore.RateLimiting",
                    "System.Net.Http", "System.Runtime", "Npgsql", "Microsoft.EntityFrameworkCore")
                .AddOtlpExporter()
                .Build();
        });
        builder.Services.AddHostedService<TelemetryProviders>();
        return builder;
    }

    /// <summary>Creates the providers when the host starts; the container disposes (and so flushes) them at shutdown.</summary>
    private sealed class TelemetryProviders(TracerProvider tracing, MeterProvider metrics) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken)
        {
            tracing.ForceFlush(2000);
            metrics.ForceFlush(2000);
            return Task.CompletedTask;
        }
    }
}
