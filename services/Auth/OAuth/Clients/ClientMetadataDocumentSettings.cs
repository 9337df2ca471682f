using McpGateway.Auth.Accounts;

namespace McpGateway.Auth.OAuth.Clients;

/// <summary>How Client ID Metadata Documents (a `client_id` that is an https URL) are fetched.</summary>
public sealed record ClientMetadataDocumentSettings
{
    /// <summary>`OAUTH_CLIENT_METADATA_DOCUMENTS_ENABLED` (default true): accept URL client_ids at all.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// `OAUTH_CLIENT_METADATA_DOCUMENTS_ALLOW_PRIVATE_ADDRESSES` (default false): fetch documents from loopback, private,
    /// link-local and other non-public addresses, over plain http too. For tests and closed networks only: otherwise a
    /// client_id could make this service request an internal address (SSRF).
    /// </summary>
    public bool AllowPrivateAddresses { get; init; }

    /// <summary>The whole fetch, connection included, must finish within this.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A larger document is refused unread (the draft suggests 5 KB).</summary>
    public int MaxBytes { get; init; } = 5 * 1024;

    /// <summary>A fetched document is trusted this long unless its Cache-Control says less (never less than <see cref="MinCacheDuration"/>).</summary>
    public TimeSpan MaxCacheDuration { get; init; } = TimeSpan.FromHours(24);

    public TimeSpan MinCacheDuration { get; init; } = TimeSpan.FromMinutes(5);

    public static ClientMetadataDocumentSettings FromConfiguration(IConfiguration configuration) => new()
    {
        Enabled = AccountSettings.Boolean(configuration, "OAUTH_CLIENT_METADATA_DOCUMENTS_ENABLED", true),
        AllowPrivateAddresses = AccountSettings.Boolean(configuration, "OAUTH_CLIENT_METADATA_DOCUMENTS_ALLOW_PRIVATE_ADDRESSES", false),
    };
}
