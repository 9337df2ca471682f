using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace McpGateway.Gateway.Proxy;

/// <summary>
/// Sends every request of one caller (one Authorization header; without one, one client address) to the same
/// destination for as long as the set of available destinations stays the same, from every gateway replica alike: the
/// hash is FNV-1a over the key, never the per-process randomized <see cref="string.GetHashCode()"/>. The old HTTP+SSE
/// transport needs it: its session lives on the catalog replica holding the event stream (`GET /servers/{id}/sse`), so
/// the client's `POST /servers/{id}/message` must reach that replica, and HTTP+SSE has no way to say which it is.
/// </summary>
internal sealed class CallerAffinityPolicy : ILoadBalancingPolicy
{
    public const string PolicyName = "CallerAffinity";

    public string Name => PolicyName;

    public DestinationState? PickDestination(HttpContext context, ClusterState cluster, IReadOnlyList<DestinationState> availableDestinations)
    {
        switch (availableDestinations.Count)
        {
            case 0:
                return null;
            case 1:
                return availableDestinations[0];
        }
        var key = context.Request.Headers.Authorization.ToString();
        if (key.Length == 0)
        {
            key = context.Connection.RemoteIpAddress?.ToString() ?? "";
        }
        // By destination id: the list's own order is not promised to be the same in every replica.
        var ordered = availableDestinations.OrderBy(d => d.DestinationId, StringComparer.Ordinal).ToArray();
        return ordered[(int)(Fnv1a(key) % (uint)ordered.Length)];
    }

    private static uint Fnv1a(string key)
    {
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return hash;
    }
}
