using System.Runtime.InteropServices;

namespace McpGateway.ServiceDefaults.Data;

/// <summary>
/// An exclusive OS lock on a file, released by the kernel when its holder exits or is killed.
/// On Linux a waiter blocks in <c>flock(LOCK_EX)</c> and wakes the moment the lock is free, so a hundred
/// processes hand it over without polling. Elsewhere it retries <see cref="FileShare.None"/>, which .NET maps
/// to the platform's own exclusive lock.
/// </summary>
internal static partial class FileLock
{
    public static async Task<IAsyncDisposable> AcquireAsync(string path, Action onWait, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return OperatingSystem.IsLinux()
            ? await AcquireFlockAsync(path, onWait, cancellationToken)
            : await AcquireByRetryAsync(path, onWait, cancellationToken);
    }

    private static async Task<IAsyncDisposable> AcquireFlockAsync(string path, Action onWait, CancellationToken cancellationToken)
    {
        var fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, Convert.ToInt32("644", 8));
        if (fd < 0)
        {
            throw new IOException($"Cannot open the lock file {path} (errno {Marshal.GetLastPInvokeError()}).");
        }
        var handle = new Descriptor(fd);
        if (Flock(fd, LOCK_EX | LOCK_NB) == 0)
        {
            return handle;
        }
        onWait();
        var blocking = Task.Factory.StartNew(() => Flock(fd, LOCK_EX), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            if (await blocking.WaitAsync(cancellationToken) != 0)
            {
                throw new IOException($"Cannot lock {path} (errno {Marshal.GetLastPInvokeError()}).");
            }
            return handle;
        }
        catch (OperationCanceledException)
        {
            // The blocked call cannot be interrupted; release whatever it eventually gets.
            _ = blocking.ContinueWith(_ => handle.DisposeAsync(), TaskScheduler.Default);
            throw;
        }
    }

    private static async Task<IAsyncDisposable> AcquireByRetryAsync(string path, Action onWait, CancellationToken cancellationToken)
    {
        var delay = 5;
        for (var waited = false; ; waited = true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException) when (!cancellationToken.IsCancellationRequested)
            {
                if (!waited)
                {
                    onWait();
                }
                await Task.Delay(delay + Random.Shared.Next(0, 10), cancellationToken);
                delay = Math.Min(delay * 2, 100);
            }
        }
    }

    /// <summary>flock, retried when a signal interrupts it.</summary>
    private static int Flock(int fd, int operation)
    {
        int result;
        while ((result = flock(fd, operation)) != 0 && Marshal.GetLastPInvokeError() == EINTR)
        {
        }
        return result;
    }

    private sealed class Descriptor(int fd) : IAsyncDisposable
    {
        private int _fd = fd;

        public ValueTask DisposeAsync()
        {
            // Closing the descriptor releases the lock.
            if (Interlocked.Exchange(ref _fd, -1) is var fd and >= 0)
            {
                close(fd);
            }
            return ValueTask.CompletedTask;
        }
    }

    private const int O_RDWR = 0x2, O_CREAT = 0x40, O_CLOEXEC = 0x80000; // Linux values
    private const int LOCK_EX = 2, LOCK_NB = 4, EINTR = 4;

    [DllImport("libc", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);

    [DllImport("libc", SetLastError = true)]
    private static extern int flock(int fd, int operation);

    [DllImport("libc")]
    private static extern int close(int fd);
}
