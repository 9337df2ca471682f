namespace McpGateway.Gateway.Proxy;

/// <summary>
/// A service behind the gateway and where it listens, found as Aspire's service discovery spells it:
/// `services:{name}:http:0` (env `services__auth__http__0=http://127.0.0.1:5001`), so a move to Aspire changes nothing here.
/// </summary>
public sealed record DownstreamService(string Name, Uri Address)
{
    public static readonly IReadOnlyList<string> Names = ["auth", "teams", "catalog"];

    /// <summary>Every downstream service's address; a missing one stops start-up with the setting to add.</summary>
    public static IReadOnlyList<DownstreamService> FromConfiguration(IConfiguration configuration) =>
        Names.Select(name =>
        {
            var value = configuration[$"services:{name}:http:0"] ?? configuration[$"services:{name}:https:0"];
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new InvalidOperationException(
                    $"The address of the {name} service is not configured: set services__{name}__http__0 (for example http://127.0.0.1:5001).");
            }
            if (!Uri.TryCreate(value, UriKind.Absolute, out var address) || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
            {
                throw new InvalidOperationException($"services:{name}:http:0 = '{value}' is not an http(s) URL.");
            }
            return new DownstreamService(name, address);
        }).ToList();
}
