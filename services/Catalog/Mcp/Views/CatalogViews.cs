namespace McpGateway.Catalog.Mcp.Views;

/// <summary>
/// The current <see cref="CatalogView"/> of this replica. <see cref="Invalidate"/> (a local commit, another replica's
/// change, a periodic check) asks for a rebuild, which runs in the background and is swapped in whole; changes that
/// arrive during a rebuild cause one more. A reader that arrives after an invalidation waits for the rebuild that
/// covers it, so a caller never reads what this replica already knows to be stale (read-your-writes); at any other
/// time reading is a field read.
/// </summary>
public sealed class CatalogViews(IServiceScopeFactory scopes, ILogger<CatalogViews> logger)
{
    private readonly Lock _gate = new();
    private volatile CatalogView _current = CatalogView.Empty;
    private long _requested = 1; // nothing loaded yet: the first reader waits for the first load
    private long _built;
    private Task? _rebuilding;

    /// <summary>The view, current as of every invalidation before this call.</summary>
    public ValueTask<CatalogView> CurrentAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _built) >= Volatile.Read(ref _requested))
        {
            return ValueTask.FromResult(_current);
        }
        return new ValueTask<CatalogView>(WaitForRebuildAsync(Volatile.Read(ref _requested), cancellationToken));
    }

    /// <summary>The view as it is, without waiting for a pending rebuild (for diagnostics and metrics).</summary>
    public CatalogView Latest => _current;

    /// <summary>Marks the view stale and starts a rebuild unless one is running (which then runs once more).</summary>
    public void Invalidate()
    {
        lock (_gate)
        {
            _requested++;
            _rebuilding ??= Task.Run(RebuildUntilCurrentAsync);
        }
    }

    private async Task<CatalogView> WaitForRebuildAsync(long generation, CancellationToken cancellationToken)
    {
        while (Volatile.Read(ref _built) < generation)
        {
            var rebuild = EnsureRebuilding();
            await rebuild.WaitAsync(cancellationToken);
        }
        return _current;
    }

    private Task EnsureRebuilding()
    {
        lock (_gate)
        {
            return _rebuilding ??= Task.Run(RebuildUntilCurrentAsync);
        }
    }

    private async Task RebuildUntilCurrentAsync()
    {
        while (true)
        {
            var generation = Volatile.Read(ref _requested);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                _current = await new CatalogViewLoader(scope.ServiceProvider.GetRequiredService<Infrastructure.CatalogContext>()).LoadAsync(CancellationToken.None);
                Volatile.Write(ref _built, generation);
            }
            catch (Exception exception)
            {
                // Keep serving the last good view; the next invalidation or periodic check tries again.
                logger.LogError(exception, "Reading the catalog into the MCP view failed; serving the previous view");
                await Task.Delay(TimeSpan.FromSeconds(1));
                if (_built == 0)
                {
                    continue;
                }
                Volatile.Write(ref _built, generation);
            }
            lock (_gate)
            {
                if (_requested == generation)
                {
                    _rebuilding = null;
                    return;
                }
            }
        }
    }
}
