namespace McpGateway.Catalog.Federation.Upstream;

/// <summary>
/// The seam between the catalog's encrypted gateway credentials (`gateways.auth_value`, protected at rest by the
/// catalog API) and federation, which needs them in clear for the moment it talks to the upstream. The catalog API
/// registers the implementation that decrypts; <see cref="StoredAsIsGatewaySecrets"/> stands in until it does.
/// </summary>
public interface IGatewaySecrets
{
    /// <summary>The clear credential for a stored <c>auth_value</c> (null stays null).</summary>
    string? Reveal(string? stored);
}

/// <summary>Reads <c>auth_value</c> as it is stored: right only where nothing encrypts it.</summary>
internal sealed class StoredAsIsGatewaySecrets : IGatewaySecrets
{
    public string? Reveal(string? stored) => stored;
}
