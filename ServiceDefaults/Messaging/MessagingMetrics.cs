using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace McpGateway.ServiceDefaults.Messaging;

/// <summary>
/// Integration-event telemetry on our Meter and ActivitySource (`McpGateway`, <see cref="Telemetry.SourceName"/>):
/// <list type="bullet">
/// <item>`mcpgateway.messaging.outbox.pending` and `.outbox.oldest_pending_age` (gauges): what waits to be relayed;</item>
/// <item>`mcpgateway.messaging.relayed` (counter): events handed to the transport;</item>
/// <item>`mcpgateway.messaging.delivery.latency` (histogram, s): the producer's commit to the consumer's committed effect;</item>
/// <item>`mcpgateway.messaging.consumer.failures`, `.duplicates`, `.parked` (counters, tagged by consumer and event type).</item>
/// </list>
/// </summary>
public sealed class MessagingMetrics
{
    public static readonly ActivitySource ActivitySource = new(Telemetry.SourceName);

    private readonly Counter<long> _relayed;
    private readonly Histogram<double> _latency;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _parked;
    private readonly KeyValuePair<string, object?> _service;
    private long _pending;
    private double _oldestPendingAge;

    public MessagingMetrics(IMeterFactory meters, MessagingSettings settings)
    {
        var meter = meters.Create(Telemetry.SourceName);
        _service = new("service", settings.Queue);
        _relayed = meter.CreateCounter<long>("mcpgateway.messaging.relayed", "{event}", "Events the outbox relay handed to the transport.");
        _latency = meter.CreateHistogram<double>("mcpgateway.messaging.delivery.latency", "s",
            "From the producer's commit to the consumer's committed effect.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });
        _failures = meter.CreateCounter<long>("mcpgateway.messaging.consumer.failures", "{failure}", "Consumer attempts that threw.");
        _duplicates = meter.CreateCounter<long>("mcpgateway.messaging.consumer.duplicates", "{event}", "Redeliveries the inbox recognised and skipped.");
        _parked = meter.CreateCounter<long>("mcpgateway.messaging.parked", "{event}", "Messages set aside after failing every attempt.");
        meter.CreateObservableGauge("mcpgateway.messaging.outbox.pending", () => new Measurement<long>(Volatile.Read(ref _pending), _service),
            "{event}", "Events in the outbox not yet relayed.");
        meter.CreateObservableGauge("mcpgateway.messaging.outbox.oldest_pending_age", () => new Measurement<double>(Volatile.Read(ref _oldestPendingAge), _service),
            "s", "How long the oldest unrelayed event has waited.");
    }

    public void Relayed(int count) => _relayed.Add(count, _service);

    public void OutboxBacklog(long pending, TimeSpan oldestAge)
    {
        Volatile.Write(ref _pending, pending);
        Volatile.Write(ref _oldestPendingAge, Math.Max(0, oldestAge.TotalSeconds));
    }

    public void Delivered(string consumer, string type, TimeSpan latency) => _latency.Record(Math.Max(0, latency.TotalSeconds), _service, Tag(consumer), TypeTag(type));
    public void Failed(string consumer, string type) => _failures.Add(1, _service, Tag(consumer), TypeTag(type));
    public void Duplicate(string consumer, string type) => _duplicates.Add(1, _service, Tag(consumer), TypeTag(type));
    public void Parked(string consumer, string type) => _parked.Add(1, _service, Tag(consumer), TypeTag(type));

    private static KeyValuePair<string, object?> Tag(string consumer) => new("consumer", consumer);
    private static KeyValuePair<string, object?> TypeTag(string type) => new("event", type[(type.LastIndexOf('.') + 1)..]);
}
