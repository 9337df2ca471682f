namespace McpGateway.Deploy.Tests.Replicas;

/// <summary>
/// When a replica passed each phase of its start, in UTC, as its output shows it: where the seconds of a cold start go.
/// <see cref="Exec"/> to <see cref="MainExec"/> is the init containers (runtime start and `migrate`, lock wait included);
/// <see cref="MainExec"/> to <see cref="FirstLine"/> the runtime's start and the host's build (configuration, services,
/// the JIT of both); from there to <see cref="Started"/> the hosted services' start (Kestrel's bind, the message bus,
/// the admin client's registration); from there to ready, the first readiness probes (health checks, EF Core's model).
/// </summary>
public sealed class PodTimeline
{
    public DateTime? Exec { get; set; }
    public DateTime? MainExec { get; set; }
    public DateTime? FirstLine { get; private set; }
    public DateTime? Listening { get; private set; }
    public DateTime? Started { get; private set; }

    /// <summary>Notes the phase a line of the main container's output ends; called as each line arrives.</summary>
    public void Saw(string line)
    {
        var now = DateTime.UtcNow;
        FirstLine ??= now;
        // Microsoft.Hosting.Lifetime's line, in the text and the JSON format alike, once Kestrel is bound.
        if (Listening is null && line.Contains("Now listening on", StringComparison.Ordinal))
        {
            Listening = now;
        }
        if (Started is null && line.Contains("Application started", StringComparison.Ordinal))
        {
            Started = now;
        }
    }
}
