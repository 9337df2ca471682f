using System.Diagnostics;
using System.Runtime.InteropServices;

namespace McpGateway.AppHost.Resources;

internal static class ProcessSignals
{
    private const int SIGINT = 2;
    private const int SIGTERM = 15;

    /// <summary>
    /// Asks a process to stop: SIGTERM on Unix, which the .NET host turns into a graceful shutdown (requests drained,
    /// telemetry flushed). Windows cannot signal a console child that way, so there it is killed.
    /// </summary>
    public static void RequestStop(Process process)
    {
        if (OperatingSystem.IsWindows())
        {
            process.Kill(entireProcessTree: true);
            return;
        }
        _ = kill(process.Id, SIGTERM);
    }

    /// <summary>
    /// Undoes an inherited "ignore SIGINT". A non-interactive shell starts background jobs that way (a script's or a
    /// test's `AppHost &`), and the runtime then never delivers the signal; but Ctrl+C or `kill -INT` must always stop AppHost.
    /// </summary>
    public static void RestoreInterrupt()
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = signal(SIGINT, IntPtr.Zero); // SIG_DFL; the runtime installs its handler over it
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    [DllImport("libc")]
    private static extern IntPtr signal(int signal, IntPtr handler);
}
