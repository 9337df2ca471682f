namespace McpGateway.Gateway.Extensions;

/// <summary>
/// The gateway handles each socket's I/O on the thread that saw it complete, as an event-loop proxy such as nginx does:
/// the runtime runs socket completions on its epoll threads (one per core) instead of queueing them to the thread pool,
/// and Kestrel runs a connection's requests there too instead of on its own I/O queues. A proxied request then costs
/// about one thread switch instead of eight; on 2 cores shared with the services (bench/gateway-hop.sh) the gateway's
/// CPU per request fell from about 70 to 53 µs at 32 connections and from 190 to 90 µs at one.
/// This suits the gateway alone: nothing it runs blocks (YARP, its problem responses and health checks are
/// asynchronous throughout). The services keep the default, because SQLite's calls do block.
/// </summary>
public static class InlineIo
{
    /// <summary>The runtime's switch, read once, at the process's first socket. An operator's `0` turns both halves off.</summary>
    public const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>Turns the runtime's half on unless the environment says otherwise. Call first, before any socket opens.</summary>
    public static void Enable()
    {
        if (Environment.GetEnvironmentVariable(Variable) is null)
        {
            Environment.SetEnvironmentVariable(Variable, "1");
        }
    }

    public static bool IsEnabled => Environment.GetEnvironmentVariable(Variable) == "1";

    /// <summary>Kestrel's half, where the runtime's is on: inline scheduling without inline completions gains nothing.</summary>
    public static WebApplicationBuilder UseInlineIo(this WebApplicationBuilder builder)
    {
        if (IsEnabled)
        {
            builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
        }
        return builder;
    }
}
