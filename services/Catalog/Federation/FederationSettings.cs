using McpGateway.Catalog.Model;

namespace McpGateway.Catalog.Federation;

/// <summary>How federation names, refreshes and reaches upstream MCP servers (ContextForge's setting names).</summary>
public sealed class FederationSettings
{
    /// <summary>`GATEWAY_TOOL_NAME_SEPARATOR` (default `-`): between a gateway's slug and an upstream name, `{slug}{sep}{name}`.</summary>
    public string ToolNameSeparator { get; init; } = "-";

    /// <summary>The name a gateway's tool or prompt is stored and served under: `{slug}{separator}{upstream name}`.</summary>
    public string ExposedName(Gateway gateway, string upstreamName) => $"{gateway.Slug}{ToolNameSeparator}{upstreamName}";

    /// <summary>`HEALTH_CHECK_INTERVAL` (seconds, default 60): how often every enabled gateway is refreshed and its reachability checked.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>`HEALTH_CHECK_TIMEOUT` (seconds, default 10): connecting to an upstream and each discovery request.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>`UNHEALTHY_THRESHOLD` (default 3): consecutive failed refreshes before a gateway is marked unreachable.</summary>
    public int UnhealthyThreshold { get; init; } = 3;

    /// <summary>`FEDERATION_TIMEOUT` (seconds, default 120): the longest a forwarded request waits for its upstream.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>The longest wait between two attempts at an unreachable gateway (backoff doubles from the interval).</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(10);

    public static FederationSettings FromConfiguration(IConfiguration configuration)
    {
        var separator = configuration["GATEWAY_TOOL_NAME_SEPARATOR"];
        if (separator is not null && (separator.Length is 0 or > 4 || !separator.All(c => c is '-' or '_' or '.')))
        {
            // MCP tool names are [A-Za-z0-9_.-]; a separator must not be confusable with the names it joins.
            throw new InvalidOperationException($"GATEWAY_TOOL_NAME_SEPARATOR must be 1-4 of '-', '_', '.', not '{separator}'.");
        }
        return new FederationSettings
        {
            ToolNameSeparator = separator ?? "-",
            RefreshInterval = Seconds(configuration, "HEALTH_CHECK_INTERVAL", 60, minimum: 1),
            ConnectTimeout = Seconds(configuration, "HEALTH_CHECK_TIMEOUT", 10, minimum: 1),
            UnhealthyThreshold = (int)Seconds(configuration, "UNHEALTHY_THRESHOLD", 3, minimum: 1).TotalSeconds,
            RequestTimeout = Seconds(configuration, "FEDERATION_TIMEOUT", 120, minimum: 1),
        };
    }

    private static TimeSpan Seconds(IConfiguration configuration, string key, int fallback, int minimum) =>
        configuration[key] is not { Length: > 0 } text ? TimeSpan.FromSeconds(fallback)
        : int.TryParse(text, out var value) && value >= minimum ? TimeSpan.FromSeconds(value)
        : throw new InvalidOperationException($"{key} must be a whole number of at least {minimum}, not '{text}'.");
}
