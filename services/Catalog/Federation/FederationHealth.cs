using System.Collections.Concurrent;

namespace McpGateway.Catalog.Federation;

/// <summary>
/// This replica's record of failed refreshes per gateway and when to try each again: the refresh interval after a
/// success, doubling after each failure up to <see cref="FederationSettings.MaxBackoff"/>.
/// </summary>
public sealed class FederationHealth(FederationSettings settings, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset NextAttempt)> _gateways = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _refreshing = new(StringComparer.Ordinal);

    /// <summary>One refresh of a gateway at a time in this replica (the API's and the refresher's); dispose to release.</summary>
    public async Task<IDisposable> RefreshingAsync(string gatewayId, CancellationToken cancellationToken)
    {
        var gate = _refreshing.GetOrAdd(gatewayId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }

    public int Failed(string gatewayId)
    {
        var entry = _gateways.AddOrUpdate(gatewayId,
            _ => (1, time.GetUtcNow() + Backoff(1)),
            (_, current) => (current.Failures + 1, time.GetUtcNow() + Backoff(current.Failures + 1)));
        return entry.Failures;
    }

    public void Succeeded(string gatewayId) => _gateways[gatewayId] = (0, time.GetUtcNow() + settings.RefreshInterval);

    /// <summary>Whether the gateway is due (never tried by this replica counts as due).</summary>
    public bool IsDue(string gatewayId) => !_gateways.TryGetValue(gatewayId, out var entry) || entry.NextAttempt <= time.GetUtcNow();

    /// <summary>Makes the gateway due now (its upstream said its lists changed).</summary>
    public void DueNow(string gatewayId) => _gateways.AddOrUpdate(gatewayId, _ => (0, DateTimeOffset.MinValue), (_, current) => (current.Failures, DateTimeOffset.MinValue));

    public void Forget(string gatewayId) => _gateways.TryRemove(gatewayId, out _);

    private TimeSpan Backoff(int failures)
    {
        var seconds = settings.RefreshInterval.TotalSeconds * Math.Pow(2, Math.Min(failures - 1, 16));
        return TimeSpan.FromSeconds(Math.Min(seconds, settings.MaxBackoff.TotalSeconds));
    }
}
