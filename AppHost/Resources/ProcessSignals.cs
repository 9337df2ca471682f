using System.Diagnostics;
using System.Runtime.InteropServices;

namespace McpGateway.AppHost.Resources;

internal static class ProcessSignals
{
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

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
