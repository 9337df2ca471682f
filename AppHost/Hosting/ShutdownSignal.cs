using System.Runtime.InteropServices;
using McpGateway.AppHost.Resources;

namespace McpGateway.AppHost.Hosting;

/// <summary>
/// Turns Ctrl+C (SIGINT), SIGTERM and a closed terminal (SIGHUP) into a cancellation, instead of the runtime's
/// default of ending AppHost at once, so AppHost can stop its resources before it exits.
/// </summary>
public sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource requested = new();
    private readonly PosixSignalRegistration[] registrations;

    public ShutdownSignal()
    {
        ProcessSignals.RestoreInterrupt();
        registrations = [Register(PosixSignal.SIGINT), Register(PosixSignal.SIGTERM), Register(PosixSignal.SIGHUP)];
    }

    public CancellationToken Token => requested.Token;

    private PosixSignalRegistration Register(PosixSignal signal) => PosixSignalRegistration.Create(signal, context =>
    {
        context.Cancel = true;
        requested.Cancel();
    });

    public void Dispose()
    {
        foreach (var registration in registrations)
        {
            registration.Dispose();
        }
        requested.Dispose();
    }
}
