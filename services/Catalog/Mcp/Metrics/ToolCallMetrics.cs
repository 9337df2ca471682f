using System.Collections.Concurrent;
using System.Text.Json;

namespace McpGateway.Catalog.Mcp.Metrics;

/// <summary>
/// Per tool and virtual server: calls, failures, response times and their histogram, counted in memory on the call
/// path (no database write there) and taken out in batches by <see cref="ToolMetricsFlusher"/>.
/// </summary>
public sealed class ToolCallMetrics
{
    private readonly ConcurrentDictionary<(string ToolId, string ServerId), Counts> _pending = new();

    public void Record(string toolId, string serverId, bool succeeded, double milliseconds, DateTime at) =>
        _pending.GetOrAdd((toolId, serverId), static _ => new Counts()).Add(succeeded, milliseconds, at);

    /// <summary>Everything counted since the last take, as rows to store; the counters start again from zero.</summary>
    public List<ToolMetricsRecord> Take(DateTime now)
    {
        var rows = new List<ToolMetricsRecord>();
        foreach (var ((toolId, serverId), counts) in _pending)
        {
            if (counts.TakeInto(toolId, serverId, now) is { } row)
            {
                rows.Add(row);
            }
        }
        return rows;
    }

    /// <summary>Puts rows that could not be stored back, so nothing counted is lost.</summary>
    public void Restore(IEnumerable<ToolMetricsRecord> rows)
    {
        foreach (var row in rows)
        {
            _pending.GetOrAdd((row.ToolId, row.ServerId), static _ => new Counts()).Merge(row);
        }
    }

    /// <summary>What is counted but not yet stored, for the rows matching <paramref name="select"/>.</summary>
    public List<ToolMetricsRecord> Peek(Func<string, string, bool> select, DateTime now) =>
        _pending.Where(p => select(p.Key.ToolId, p.Key.ServerId))
            .Select(p => p.Value.Snapshot(p.Key.ToolId, p.Key.ServerId, now)).OfType<ToolMetricsRecord>().ToList();

    private sealed class Counts
    {
        private readonly Lock _lock = new();
        private long _executions, _failures;
        private double _min = double.MaxValue, _max, _total;
        private DateTime _last;
        private long[] _histogram = new long[LatencyHistogram.Buckets];

        public void Add(bool succeeded, double milliseconds, DateTime at)
        {
            var bucket = LatencyHistogram.BucketOf(milliseconds);
            lock (_lock)
            {
                _executions++;
                if (!succeeded)
                {
                    _failures++;
                }
                _min = Math.Min(_min, milliseconds);
                _max = Math.Max(_max, milliseconds);
                _total += milliseconds;
                _last = at > _last ? at : _last;
                _histogram[bucket]++;
            }
        }

        public void Merge(ToolMetricsRecord row)
        {
            var histogram = ParseHistogram(row.Histogram);
            lock (_lock)
            {
                _executions += row.Executions;
                _failures += row.Failures;
                _min = Math.Min(_min, row.MinResponseTime);
                _max = Math.Max(_max, row.MaxResponseTime);
                _total += row.TotalResponseTime;
                _last = row.LastExecutionTime > _last ? row.LastExecutionTime : _last;
                foreach (var (bucket, count) in histogram)
                {
                    _histogram[bucket] += count;
                }
            }
        }

        public ToolMetricsRecord? TakeInto(string toolId, string serverId, DateTime now)
        {
            lock (_lock)
            {
                var row = Unlocked(toolId, serverId, now);
                _executions = _failures = 0;
                _min = double.MaxValue;
                _max = _total = 0;
                _histogram = new long[LatencyHistogram.Buckets];
                return row;
            }
        }

        public ToolMetricsRecord? Snapshot(string toolId, string serverId, DateTime now)
        {
            lock (_lock)
            {
                return Unlocked(toolId, serverId, now);
            }
        }

        private ToolMetricsRecord? Unlocked(string toolId, string serverId, DateTime now) =>
                _executions == 0 ? null : new ToolMetricsRecord
                {
                    ToolId = toolId, ServerId = serverId, Executions = _executions, Failures = _failures,
                    MinResponseTime = _min, MaxResponseTime = _max, TotalResponseTime = _total, LastExecutionTime = _last,
                    Histogram = JsonSerializer.Serialize(_histogram.Select((count, bucket) => (count, bucket)).Where(b => b.count > 0)
                        .ToDictionary(b => b.bucket.ToString(System.Globalization.CultureInfo.InvariantCulture), b => b.count)),
                    FlushedAt = now,
                };
    }

    public static IEnumerable<(int Bucket, long Count)> ParseHistogram(string json) =>
        (JsonSerializer.Deserialize<Dictionary<string, long>>(json) ?? [])
            .Select(b => (Bucket: int.Parse(b.Key, System.Globalization.CultureInfo.InvariantCulture), Count: b.Value))
            .Where(b => b.Bucket is >= 0 and < LatencyHistogram.Buckets);
}
