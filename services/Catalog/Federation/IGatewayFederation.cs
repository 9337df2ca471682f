namespace McpGateway.Catalog.Federation;

/// <summary>
/// What the catalog API calls after it creates or changes a gateway, and what `POST /gateways/{id}/refresh` runs:
/// connect to the upstream, discover its tools, resources, resource templates and prompts, and store them.
/// </summary>
public interface IGatewayFederation
{
    /// <summary>A gateway was created or its address, transport or credentials changed: connect anew and discover.</summary>
    Task<FederationResult> RegisterAsync(string gatewayId, CancellationToken cancellationToken = default);

    /// <summary>Discover again over the existing connection (opened if needed) and store what changed.</summary>
    Task<FederationResult> RefreshAsync(string gatewayId, CancellationToken cancellationToken = default);
}

/// <summary>What a refresh found: counts of what the upstream offers now and what changed, or why it failed.</summary>
public sealed record FederationResult(
    string GatewayId,
    bool Reachable,
    int Tools,
    int Resources,
    int ResourceTemplates,
    int Prompts,
    int Added,
    int Updated,
    int Removed,
    string? Error)
{
    public static FederationResult Failed(string gatewayId, string error) => new(gatewayId, false, 0, 0, 0, 0, 0, 0, 0, error);
}
