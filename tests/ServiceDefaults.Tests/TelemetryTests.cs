using System.Diagnostics;
using System.Diagnostics.Metrics;
using McpGateway.ServiceDefaults.Tests.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace McpGateway.ServiceDefaults.Tests;

/// <summary>
/// OpenTelemetry exists only where it goes somewhere: an OTLP endpoint turns it on, probes stay out of traces, and metric
/// streams other than ours are capped.
/// </summary>
public sealed class TelemetryTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_an_OTLP_endpoint_nothing_listens_and_a_request_creates_no_Activity()
    {
        await using var auth = await FakeAuthServer.StartAsync(ProtectedApp.Issuer);
        await using var app = await ProtectedApp.StartAsync(auth);

        using var response = await app.GetAsync("/activity");

        Assert.Equal("none", await response.Content.ReadAsStringAsync(Cancel));
        Assert.Null(app.Services.GetService<TracerProvider>());
        Assert.Null(app.Services.GetService<MeterProvider>());
    }

    [Fact]
    public async Task With_an_OTLP_endpoint_requests_are_traced_and_health_probes_are_not()
    {
        var exported = new List<Activity>();
        await using var auth = await FakeAuthServer.StartAsync(ProtectedApp.Issuer);
        await using var app = await StartExportingAsync(
            auth, builder => builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(exported)));

        foreach (var probe in new[] { "/health", "/alive" })
        {
            using var response = await app.GetAsync(probe);
        }
        using (var traced = await app.GetAsync("/activity"))
        {
            Assert.Equal("Microsoft.AspNetCore.Hosting.HttpRequestIn", await traced.Content.ReadAsStringAsync(Cancel));
        }

        // A request's Activity stops just after its response is sent (on one connection, in order): wait for the last.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        List<string?> paths;
        do
        {
            await Task.Delay(50, Cancel);
            paths = exported.ToArray().Select(a => a.GetTagItem("url.path") as string).ToList();
        }
        while (!paths.Contains("/activity") && DateTime.UtcNow < deadline);

        Assert.Contains("/activity", paths);
        Assert.DoesNotContain("/health", paths);
        Assert.DoesNotContain("/alive", paths);
    }

    [Fact]
    public async Task Our_own_metrics_keep_every_attribute_combination_while_other_streams_are_capped_at_100()
    {
        var exported = new List<Metric>();
        await using var auth = await FakeAuthServer.StartAsync(ProtectedApp.Issuer);
        await using var app = await StartExportingAsync(
            auth, builder => builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics
                .AddMeter("A.Library")
                .AddInMemoryExporter(exported)));
        using var ours = new Meter(Telemetry.SourceName);
        using var library = new Meter("A.Library");
        var toolCalls = ours.CreateCounter<long>("test.tool.calls");
        var libraryCalls = library.CreateCounter<long>("test.library.calls");

        for (var i = 0; i < 150; i++)
        {
            toolCalls.Add(1, new KeyValuePair<string, object?>("tool", $"tool-{i}"));
            libraryCalls.Add(1, new KeyValuePair<string, object?>("key", $"value-{i}"));
        }
        app.Services.GetRequiredService<MeterProvider>().ForceFlush();

        Assert.Equal((150, false), Points(exported, "test.tool.calls"));
        var (count, overflowed) = Points(exported, "test.library.calls");
        Assert.True(overflowed);
        Assert.InRange(count, 100, 101);
    }

    /// <summary>The app with telemetry on: an OTLP endpoint where nothing listens (the exporter's failures are its own business).</summary>
    private static Task<ProtectedApp> StartExportingAsync(FakeAuthServer auth, Action<WebApplicationBuilder> configure) =>
        ProtectedApp.StartAsync(
            new Dictionary<string, string?>
            {
                ["services:auth:http:0"] = auth.Address.ToString(),
                ["JWT_ISSUER"] = ProtectedApp.Issuer,
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9",
            },
            configure);

    /// <summary>How many points a metric exported, and whether one of them is OpenTelemetry's overflow point.</summary>
    private static (int Count, bool Overflowed) Points(List<Metric> exported, string name)
    {
        var (count, overflowed) = (0, false);
        foreach (var metric in exported.Where(m => m.Name == name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                count++;
                foreach (var tag in point.Tags)
                {
                    overflowed |= tag.Key == "otel.metric.overflow";
                }
            }
        }
        return (count, overflowed);
    }
}
