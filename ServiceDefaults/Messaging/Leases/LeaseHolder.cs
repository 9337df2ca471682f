using System.Diagnostics;

namespace McpGateway.ServiceDefaults.Messaging.Leases;

/// <summary>
/// Who holds a lease (the outbox relay's, a local queue's): `host/pid/instance`. A lease normally ends when it
/// expires; one held by a process of this host that no longer exists is free at once, so a service killed and
/// restarted on the same machine does not wait out its predecessor's lease.
/// </summary>
public static class LeaseHolder
{
    private static readonly string Host = Environment.MachineName;
    private static readonly int ProcessId = Environment.ProcessId;

    /// <summary>A new holder name; one per relay or receiver, so two hosts in one process are two holders.</summary>
    public static string Create() => $"{Host}/{ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>True when <paramref name="holder"/> names a process of this host that has exited.</summary>
    public static bool IsGone(string holder)
    {
        var parts = holder.Split('/');
        if (parts.Length != 3 || parts[0] != Host || !int.TryParse(parts[1], out var pid) || pid == ProcessId)
        {
            return false;
        }
        if (OperatingSystem.IsLinux())
        {
            return !Directory.Exists($"/proc/{pid}");
        }
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}
