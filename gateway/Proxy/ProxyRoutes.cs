using System.Net;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
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
            "/export",
            "/import",
            "/admin/export/{**rest}",
            "/admin/import/{**rest}",
            "/admin/servers/{**rest}",
            "/.well-known/oauth-protected-resource/{**rest}",
        ],
    };

    public static IReadOnlyList<RouteConfig> Routes() =>
        PathsByService
            .SelectMany(service => service.Value.Select(path => new RouteConfig
            {
                RouteId = $"{service.Key} {path}",
                ClusterId = service.Key,
                Match = new RouteMatch { Path = path },
            }
            // Services build absolute URLs (OIDC issuer, redirects) from what the client used: X-Forwarded-For/Proto/Host/Prefix,
            // and the original Host header itself, so a service sees the public host even where it does not trust forwarded headers.
            .WithTransformXForwarded()
            .WithTransformUseOriginalHostHeader()
            // Kestrel names itself in `Server`; the gateway advertises nothing, for its services neither.
            .WithTransformResponseHeaderRemove("Server", ResponseCondition.Always)))
            .ToList();

    public static IReadOnlyList<ClusterConfig> Clusters(IEnumerable<DownstreamService> services, TimeSpan activityTimeout) =>
        services.Select(service => new ClusterConfig
        {
            ClusterId = service.Name,
            Destinations = new Dictionary<string, DestinationConfig> { [service.Name] = new() { Address = service.Address.ToString() } },
            HttpRequest = new ForwarderRequestConfig
            {
                // Fails a request whose service sends nothing for this long (reset by every byte), rather than hanging.
                ActivityTimeout = activityTimeout,
                // The services speak HTTP/1.1 on plain http inside the cluster (HTTP/2 would need TLS or prior knowledge):
                // asked for 1.1, the forwarder never tries a version upgrade per request.
                Version = HttpVersion.Version11,
                VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
            },
        }).ToList();
}
