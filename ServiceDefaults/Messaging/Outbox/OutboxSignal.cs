namespace McpGateway.ServiceDefaults.Messaging.Outbox;

/// <summary>
/// Wakes the relay when this process committed events (<see cref="OutboxInterceptor"/>), so they leave within
/// milliseconds instead of at the next poll. Signals coalesce: one wake-up covers every commit before it.
/// </summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Notify()
    {
        try
        {
            _semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled and not yet taken: the waiting relay will see every row committed until then.
        }
    }

    /// <summary>True when signalled, false after <paramref name="timeout"/>.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _semaphore.WaitAsync(timeout, cancellationToken);
}
