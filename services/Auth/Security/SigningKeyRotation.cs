namespace McpGateway.Auth.Security;

/// <summary>Makes sure a signing key exists before the service answers, then rotates keys on schedule.</summary>
public sealed class SigningKeyRotation(SigningKeyStore keys, ILogger<SigningKeyRotation> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromMinutes(10);
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before Kestrel starts: the first request may need to sign a token.
        await keys.RotateIfDueAsync(cancellationToken);
        _loop = RunAsync(_stopping.Token);
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(CheckInterval);
        while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
        {
            try
            {
                await keys.RotateIfDueAsync(stopping);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Signing key rotation failed; retrying in {Interval}", CheckInterval);
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _stopping.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // Stopped twice, the second time after disposal: WebApplicationFactory stops the host while the app's own
            // RunAsync, woken by the same stop, stops and disposes it. The first stop already ended the loop.
            return;
        }
        if (_loop is not null)
        {
            await _loop.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
    }

    public void Dispose() => _stopping.Dispose();
}
