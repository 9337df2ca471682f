namespace McpGateway.Catalog.Federation.Upstream;

/// <summary>
/// The seam between the catalog's encrypted gateway credentials (`gateways.auth_value`, protected at rest by the
/// catalog API) and federation, which needs them in clear for the moment it talks to the upstream
/// (<see cref="Security.SealedGatewaySecrets"/>).
/// </summary>
public interface IGatewaySecrets
{
    /// <summary>The clear credential for a stored <c>auth_value</c> (null stays null).</summary>
    string? Reveal(string? stored);
}
