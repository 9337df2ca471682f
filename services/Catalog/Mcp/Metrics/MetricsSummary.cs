namespace McpGateway.Catalog.Mcp.Metrics;

/// <summary>
/// Call metrics in ContextForge's field names (times in seconds, as it reports them), plus latency percentiles.
/// Null times when nothing was called.
/// </summary>
public sealed record MetricsSummary(
    long TotalExecutions,
    long SuccessfulExecutions,
    long FailedExecutions,
    double FailureRate,
    double? MinResponseTime,
    double? MaxResponseTime,
    double? AvgResponseTime,
    DateTime? LastExecutionTime,
    double? P50ResponseTime,
    double? P95ResponseTime,
    double? P99ResponseTime)
{
    public static MetricsSummary Of(IReadOnlyCollection<ToolMetricsRecord> rows)
    {
        var total = rows.Sum(r => r.Executions);
        if (total == 0)
        {
            return new MetricsSummary(0, 0, 0, 0, null, null, null, null, null, null, null);
        }
        var failed = rows.Sum(r => r.Failures);
        var histogram = new long[LatencyHistogram.Buckets];
        foreach (var (bucket, count) in rows.SelectMany(r => ToolCallMetrics.ParseHistogram(r.Histogram)))
        {
            histogram[bucket] += count;
        }
        static double? Seconds(double? milliseconds) => milliseconds / 1000.0;
        return new MetricsSummary(
            total, total - failed, failed, (double)failed / total,
            Seconds(rows.Min(r => r.MinResponseTime)), Seconds(rows.Max(r => r.MaxResponseTime)), Seconds(rows.Sum(r => r.TotalResponseTime) / total),
            rows.Max(r => r.LastExecutionTime),
            Seconds(LatencyHistogram.Percentile(histogram, 0.50)), Seconds(LatencyHistogram.Percentile(histogram, 0.95)),
            Seconds(LatencyHistogram.Percentile(histogram, 0.99)));
    }
}
