using McpGateway.Catalog.Model;

namespace McpGateway.Catalog.Federation.Upstream;

/// <summary>Everything needed to reach one gateway's upstream server; a change to any of it means a new connection.</summary>
public sealed record UpstreamEndpoint(string GatewayId, string Slug, Uri Url, string Transport, string AuthType, string? AuthValue)
{
    public bool UsesSse => string.Equals(Transport, "sse", StringComparison.OrdinalIgnoreCase);

    public static UpstreamEndpoint From(Gateway gateway) =>
        new(gateway.Id, gateway.Slug, new Uri(gateway.Url), gateway.Transport, gateway.AuthType, gateway.AuthValue);
}
