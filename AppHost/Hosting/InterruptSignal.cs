using System.Runtime.InteropServices;

namespace McpGateway.AppHost.Hosting;

public static class InterruptSignal
{
    private const int SIGINT = 2;

    /// <summary>
    /// Undoes an inherited "ignore SIGINT". A non-interactive shell starts background jobs that way (a script's or a
    /// test's `AppHost &`), and the runtime then never delivers the signal; but Ctrl+C or `kill -INT` must always stop
    /// AppHost, and with it every resource. Call it first, before the host installs its own handler over the default.
    /// </summary>
    public static void Restore()
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = signal(SIGINT, IntPtr.Zero); // SIG_DFL
        }
    }

    [DllImport("libc")]
    private static extern IntPtr signal(int signal, IntPtr handler);
}
