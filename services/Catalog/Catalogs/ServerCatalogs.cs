using McpGateway.Catalog.Apis;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace McpGateway.Catalog.Catalogs;

/// <summary>
/// Where the server catalog comes from, with ContextForge's settings: `MCPGATEWAY_CATALOG_ENABLED` (default true),
/// `MCPGATEWAY_CATALOG_FILE` (or `MCPGATEWAY_CATALOG`): a YAML or JSON file, or an http(s) URL serving one (default: the
/// `mcp-catalog.yml` shipped beside the executable), re-read after `MCPGATEWAY_CATALOG_CACHE_TTL` seconds (default 3600).
/// </summary>
public sealed record ServerCatalogSettings(bool Enabled, string Source, TimeSpan CacheTtl)
{
    public static ServerCatalogSettings From(IConfiguration configuration) => new(
        !string.Equals(configuration["MCPGATEWAY_CATALOG_ENABLED"]?.Trim(), "false", StringComparison.OrdinalIgnoreCase),
        configuration["MCPGATEWAY_CATALOG_FILE"] is { Length: > 0 } file ? file
            : configuration["MCPGATEWAY_CATALOG"] is { Length: > 0 } named ? named
            : Path.Combine(AppContext.BaseDirectory, "mcp-catalog.yml"),
        TimeSpan.FromSeconds(int.TryParse(configuration["MCPGATEWAY_CATALOG_CACHE_TTL"], out var seconds) && seconds >= 0 ? seconds : 3600));
}

/// <summary>
/// The server catalog, loaded from its source and kept for the cache lifetime. Entries without an id, a name or an
/// http(s) URL, and repeated ids, are left out with a warning; a source that cannot be read leaves the last good
/// catalog in place (empty at first) and says why in the log.
/// </summary>
public sealed class ServerCatalogs(ServerCatalogSettings settings, IHttpClientFactory http, TimeProvider time, ILogger<ServerCatalogs> logger)
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private IReadOnlyList<ServerCatalogEntry> _entries = [];
    private DateTime _loadedAt = DateTime.MinValue;

    public bool Enabled => settings.Enabled;

    public async Task<IReadOnlyList<ServerCatalogEntry>> EntriesAsync(CancellationToken cancellationToken)
    {
        if (time.GetUtcNow().UtcDateTime - _loadedAt < settings.CacheTtl && _loadedAt != DateTime.MinValue)
        {
            return _entries;
        }
        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (time.GetUtcNow().UtcDateTime - _loadedAt >= settings.CacheTtl || _loadedAt == DateTime.MinValue)
            {
                _entries = await LoadAsync(cancellationToken) ?? _entries;
                _loadedAt = time.GetUtcNow().UtcDateTime;
            }
            return _entries;
        }
        finally
        {
            _loading.Release();
        }
    }

    private async Task<IReadOnlyList<ServerCatalogEntry>?> LoadAsync(CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = Uri.TryCreate(settings.Source, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                ? await http.CreateClient(nameof(ServerCatalogs)).GetStringAsync(uri, cancellationToken)
                : await File.ReadAllTextAsync(settings.Source, cancellationToken);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or UnauthorizedAccessException or TaskCanceledException)
        {
            logger.LogWarning("The server catalog {Source} cannot be read: {Reason}", settings.Source, e.Message);
            return null;
        }
        try
        {
            var file = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).IgnoreUnmatchedProperties().Build()
                .Deserialize<ServerCatalogFile>(text) ?? new ServerCatalogFile();
            var entries = new List<ServerCatalogEntry>();
            foreach (var entry in file.CatalogServers)
            {
                if (Problem(entry) is { } problem || entries.Any(e => e.Id == entry.Id))
                {
                    logger.LogWarning("Server catalog entry '{Id}' left out: {Problem}", entry.Id, Problem(entry) ?? "its id is repeated");
                    continue;
                }
                entries.Add(entry);
            }
            logger.LogInformation("Server catalog {Source}: {Count} servers", settings.Source, entries.Count);
            return entries;
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            logger.LogWarning("The server catalog {Source} is not valid YAML or JSON: {Reason}", settings.Source, e.Message);
            return null;
        }
    }

    private static string? Problem(ServerCatalogEntry entry)
    {
        if (string.IsNullOrWhiteSpace(entry.Id) || !entry.Id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') || string.IsNullOrWhiteSpace(entry.Name))
        {
            return "it needs an id (letters, digits, '-', '_', '.') and a name";
        }
        try
        {
            UpstreamUrl.Parse("url", entry.Url);
            GatewaysApi.Transport(entry.EffectiveTransport);
            return null;
        }
        catch (ServiceDefaults.Http.ProblemException e)
        {
            return e.Message;
        }
    }
}

public static class ServerCatalogExtensions
{
    public static IServiceCollection AddServerCatalogs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(ServerCatalogSettings.From(configuration));
        services.AddSingleton<ServerCatalogs>();
        services.AddHttpClient(nameof(ServerCatalogs));
        return services;
    }
}
