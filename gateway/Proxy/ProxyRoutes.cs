using System.Net;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Transforms;

namespace McpGateway.Gateway.Proxy;

/// <summary>
/// Which service owns which public path (API.md). Nothing else is proxied: a service's own `/health`, `/alive`
/// or any other internal path is unreachable through the gateway.
/// </summary>
public static class ProxyRoutes
{
    // A catch-all `{**rest}` also matches the bare prefix (`/teams`) and a trailing slash, so one pattern covers both.
    public static readonly IReadOnlyDictionary<string, string[]> PathsByService = new Dictionary<string, string[]>
    {
        ["auth"] =
        [
            "/.well-known/openid-configuration/{**rest}",
            "/.well-known/oauth-authorization-server/{**rest}",
            "/oauth/{**rest}",
            "/auth/{**rest}",
            "/tokens/{**rest}",
        ],
        ["teams"] =
        [
            "/teams/{**rest}",
            "/rbac/{**rest}",
            "/admin/teams/{**rest}",
        ],
        ["catalog"] =
        [
            "/gateways/{**rest}",
            "/servers/{**rest}",
            "/tools/{**rest}",
            "/resources/{**rest}",
            "/prompts/{**rest}",
            "/catalog/{**rest}",
            "/export",
            "/import",
            "/admin/export/{**rest}",
            "/admin/import/{**rest}",
            "/admin/servers/{**rest}",
            "/.well-known/oauth-protected-resource/{**rest}",
        ],
        // The admin UI takes what is left under /admin: the services' own /admin/teams, /admin/export, /admin/import and
        // /admin/servers above are more specific (a literal segment beats a catch-all), so they keep winning.
        ["admin"] =
        [
            "/admin/{**rest}",
        ],
    };

    /// <summary>
    /// The cluster of a service's long-lived streams: the MCP endpoints' SSE streams (`GET /servers/{id}/mcp`, the
    /// legacy `GET /servers/{id}/sse`) stay open silent between events, so they get <c>PROXY_STREAM_TIMEOUT_SECONDS</c>
    /// rather than the activity timeout that cuts a hung request. Its requests go by <see cref="CallerAffinityPolicy"/>,
    /// so that the legacy transport's messages (`POST /servers/{id}/message`, answered at once with 202) reach the
    /// replica holding the caller's stream.
    /// </summary>
    public const string StreamsSuffix = "-streams";

    private static readonly (string Service, string Path, string[] Methods)[] StreamRoutes =
    [
        ("catalog", "/servers/{id}/mcp", ["GET"]),
        ("catalog", "/servers/{id}/sse", ["GET"]),
        ("catalog", "/servers/{id}/message", ["POST"]),
    ];

    /// <summary>The routes of the services that are configured (an optional one, such as the admin UI, may be absent).</summary>
    public static IReadOnlyList<RouteConfig> Routes(IReadOnlyCollection<string> configured) =>
        PathsByService
            .Where(service => configured.Contains(service.Key))
            .SelectMany(service => service.Value.Select(path => new RouteConfig
            {
                RouteId = $"{service.Key} {path}",
                ClusterId = service.Key,
                Match = new RouteMatch { Path = path },
            }))
            .Concat(StreamRoutes.Select(stream => new RouteConfig
            {
                RouteId = $"{stream.Service} streams {stream.Path}",
                ClusterId = stream.Service + StreamsSuffix,
                Match = new RouteMatch { Path = stream.Path, Methods = stream.Methods },
            }))
            .Select(route => route
            // Services build absolute URLs (OIDC issuer, redirects) from what the client used: X-Forwarded-For/Proto/Host/Prefix,
            // and the original Host header itself, so a service sees the public host even where it does not trust forwarded headers.
            .WithTransformXForwarded()
            .WithTransformUseOriginalHostHeader()
            // Kestrel names itself in `Server`; the gateway advertises nothing, for its services neither.
            .WithTransformResponseHeaderRemove("Server", ResponseCondition.Always))
            .ToList();

    public static IReadOnlyList<ClusterConfig> Clusters(IEnumerable<DownstreamService> services, TimeSpan activityTimeout, TimeSpan streamTimeout) =>
        services.SelectMany(service => StreamRoutes.Any(s => s.Service == service.Name)
                ? [Cluster(service, service.Name, activityTimeout, LoadBalancingPolicies.RoundRobin),
                    Cluster(service, service.Name + StreamsSuffix, streamTimeout, CallerAffinityPolicy.PolicyName)]
                : new[] { Cluster(service, service.Name, activityTimeout, LoadBalancingPolicies.RoundRobin) })
            .ToList();

    private static ClusterConfig Cluster(DownstreamService service, string clusterId, TimeSpan activityTimeout, string loadBalancingPolicy) =>
        new()
        {
            ClusterId = clusterId,
            Destinations = service.Addresses.Select((address, index) => (address, index))
                .ToDictionary(d => d.index == 0 ? service.Name : $"{service.Name}-{d.index}", d => new DestinationConfig { Address = d.address.ToString() }),
            LoadBalancingPolicy = loadBalancingPolicy,
            HttpRequest = new ForwarderRequestConfig
            {
                // Fails a request whose service sends nothing for this long (reset by every byte), rather than hanging.
                ActivityTimeout = activityTimeout,
                // The services speak HTTP/1.1 on plain http inside the cluster (HTTP/2 would need TLS or prior knowledge):
                // asked for 1.1, the forwarder never tries a version upgrade per request.
                Version = HttpVersion.Version11,
                VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
            },
        };
}
