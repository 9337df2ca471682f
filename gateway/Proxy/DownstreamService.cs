namespace McpGateway.Gateway.Proxy;

/// <summary>
/// A service behind the gateway and where its replicas listen, found as Aspire's service discovery spells it:
/// `services:{name}:http:0` (env `services__auth__http__0=http://127.0.0.1:5001`), so a move to Aspire changes nothing
/// here. More replicas: `services__catalog__http__1`, `__2`..., or a comma-separated list in one value; requests are
/// spread round-robin (no sticky sessions: the services keep no state a replica alone holds).
/// </summary>
public sealed record DownstreamService(string Name, IReadOnlyList<Uri> Addresses)
{
    public static readonly IReadOnlyList<string> Names = ["auth", "teams", "catalog"];

    /// <summary>Services the gateway routes to only when their address is configured: the admin UI can be left out.</summary>
    public static readonly IReadOnlyList<string> OptionalNames = ["admin"];

    /// <summary>The first replica's address (health checks ask it).</summary>
    public Uri Address => Addresses[0];

    /// <summary>
    /// Every downstream service's addresses, and the optional ones' that are configured; a missing required one stops
    /// start-up with the setting to add.
    /// </summary>
    public static IReadOnlyList<DownstreamService> FromConfiguration(IConfiguration configuration) =>
        Names.Select(name => Find(configuration, name) ?? throw new InvalidOperationException(
                $"The address of the {name} service is not configured: set services__{name}__http__0 (for example http://127.0.0.1:5001)."))
            .Concat(OptionalNames.Select(name => Find(configuration, name)).OfType<DownstreamService>())
            .ToList();

    private static DownstreamService? Find(IConfiguration configuration, string name)
    {
        var values = Enumerable.Range(0, 16)
            .Select(index => configuration[$"services:{name}:http:{index}"] ?? configuration[$"services:{name}:https:{index}"])
            .TakeWhile(value => !string.IsNullOrWhiteSpace(value))
            .SelectMany(value => value!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
        return values.Count == 0 ? null : new DownstreamService(name, values.Select(value => Parse(name, value)).Distinct().ToList());
    }

    private static Uri Parse(string name, string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var address) && (address.Scheme == Uri.UriSchemeHttp || address.Scheme == Uri.UriSchemeHttps)
            ? address
            : throw new InvalidOperationException($"services:{name}:http = '{value}' is not an http(s) URL.");
}
