using ModelContextProtocol.Client;

namespace McpGateway.Catalog.Federation.Upstream;

/// <summary>
/// The one MCP client session the catalog keeps with one upstream server, shared by every call that goes there:
/// opened on first use, reused after, and replaced when it fails (<see cref="Reset"/>). Concurrent first uses wait
/// for the same connect.
/// </summary>
public sealed class UpstreamConnection(UpstreamEndpoint endpoint, Func<UpstreamEndpoint, CancellationToken, Task<McpClient>> connect) : IAsyncDisposable
{
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private McpClient? _client;
    private bool _disposed;

    public UpstreamEndpoint Endpoint => endpoint;

    /// <summary>The live session, connecting (and initializing) first when there is none.</summary>
    public async ValueTask<McpClient> ClientAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _client) is { } client)
        {
            return client;
        }
        await _connecting.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _client ??= await connect(endpoint, cancellationToken);
        }
        finally
        {
            _connecting.Release();
        }
    }

    /// <summary>Drops <paramref name="failed"/> (if it is still the current session), so the next use reconnects.</summary>
    public void Reset(McpClient failed)
    {
        if (Interlocked.CompareExchange(ref _client, null, failed) == failed)
        {
            _ = failed.DisposeAsync().AsTask().ContinueWith(static _ => { }, TaskScheduler.Default);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _connecting.WaitAsync();
        try
        {
            _disposed = true;
            if (Interlocked.Exchange(ref _client, null) is { } client)
            {
                await client.DisposeAsync();
            }
        }
        finally
        {
            _connecting.Release();
        }
    }
}
