namespace McpGateway.Catalog.Mcp;

/// <summary>The MCP endpoints' settings, from environment variables.</summary>
public sealed class McpSettings
{
    /// <summary>`CATALOG_CACHE_POLL_SECONDS` (default 1): how soon a replica notices another replica's catalog change.</summary>
    public TimeSpan CatalogPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>`CATALOG_CACHE_TTL_SECONDS` (default 300): the view is read again at least this often, whatever happened.</summary>
    public TimeSpan CatalogReloadInterval { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>
    /// `ALLOWED_ORIGINS` (comma-separated; default: the public origin, the issuer's): browsers' `Origin` values the MCP
    /// endpoints accept (DNS rebinding protection). Requests without `Origin` (non-browser clients) are not affected.
    /// </summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>`MCP_SESSION_TTL_HOURS` (default 24): how long a session's handshake is kept for other replicas to resume it.</summary>
    public TimeSpan SessionRetention { get; init; } = TimeSpan.FromHours(24);

    /// <summary>`METRICS_FLUSH_INTERVAL_SECONDS` (default 30): how often per-tool call metrics are written to the database.</summary>
    public TimeSpan MetricsFlushInterval { get; init; } = TimeSpan.FromSeconds(30);

    public static McpSettings FromConfiguration(IConfiguration configuration, string publicOrigin) => new()
    {
        CatalogPollInterval = TimeSpan.FromSeconds(Number(configuration, "CATALOG_CACHE_POLL_SECONDS", 1)),
        CatalogReloadInterval = TimeSpan.FromSeconds(Number(configuration, "CATALOG_CACHE_TTL_SECONDS", 300)),
        AllowedOrigins = (configuration["ALLOWED_ORIGINS"] is { Length: > 0 } origins
                ? origins.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : [publicOrigin])
            .Select(o => o.TrimEnd('/')).ToArray(),
        SessionRetention = TimeSpan.FromHours(Number(configuration, "MCP_SESSION_TTL_HOURS", 24)),
        MetricsFlushInterval = TimeSpan.FromSeconds(Number(configuration, "METRICS_FLUSH_INTERVAL_SECONDS", 30)),
    };

    private static double Number(IConfiguration configuration, string key, double fallback) =>
        configuration[key] is not { Length: > 0 } text ? fallback
        : double.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0 ? value
        : throw new InvalidOperationException($"{key} must be a positive number, not '{text}'.");
}
