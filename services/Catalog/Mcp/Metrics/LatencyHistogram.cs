namespace McpGateway.Catalog.Mcp.Metrics;

/// <summary>
/// Latencies in geometric buckets (10 µs growing by 10% per bucket, up to about half an hour): fixed size, cheap to
/// add to, and mergeable across replicas and flushes, so percentiles of any set of calls come from summed counts.
/// A percentile is read as its bucket's geometric middle: within 5% of the true value.
/// </summary>
public static class LatencyHistogram
{
    public const int Buckets = 200;
    private const double Smallest = 0.01; // ms
    private static readonly double Growth = Math.Log(1.1);

    public static int BucketOf(double milliseconds) =>
        milliseconds <= Smallest ? 0 : Math.Min(Buckets - 1, (int)(Math.Log(milliseconds / Smallest) / Growth));

    public static double MiddleOf(int bucket) => Smallest * Math.Exp((bucket + 0.5) * Growth);

    /// <summary>The <paramref name="quantile"/> (0-1) of the counted latencies, in milliseconds; null when nothing was counted.</summary>
    public static double? Percentile(IReadOnlyList<long> counts, double quantile)
    {
        var total = counts.Sum();
        if (total == 0)
        {
            return null;
        }
        var rank = Math.Max(1, (long)Math.Ceiling(quantile * total));
        long seen = 0;
        for (var bucket = 0; bucket < counts.Count; bucket++)
        {
            seen += counts[bucket];
            if (seen >= rank)
            {
                return MiddleOf(bucket);
            }
        }
        return MiddleOf(counts.Count - 1);
    }
}
