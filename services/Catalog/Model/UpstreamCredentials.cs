namespace McpGateway.Catalog.Model;

/// <summary>
/// What the catalog must present to an upstream (a gateway, or a REST tool): stored as JSON encrypted at rest in
/// `auth_value` (AES-256-GCM under AUTH_ENCRYPTION_SECRET), read back only by whoever connects upstream, never
/// returned by the API. <see cref="Type"/> is the entity's `auth_type`.
/// </summary>
public sealed record UpstreamCredentials
{
    public const string None = "none";
    public const string Basic = "basic";
    public const string Bearer = "bearer";
    /// <summary>Custom headers (ContextForge's `authheaders`; `headers` in v0.7).</summary>
    public const string Headers = "authheaders";
    /// <summary>OAuth 2.0 client credentials: a token is fetched from <see cref="OAuthClient.TokenUrl"/>.</summary>
    public const string OAuth = "oauth";

    public static readonly IReadOnlyList<string> Types = [None, Basic, Bearer, Headers, OAuth];

    public string Type { get; init; } = None;
    public string? Username { get; init; }
    public string? Password { get; init; }
    public string? Token { get; init; }
    /// <summary>Header name → value, for <see cref="Headers"/>.</summary>
    public IReadOnlyDictionary<string, string>? HeaderValues { get; init; }
    public OAuthClient? OAuthClient { get; init; }
}

/// <summary>OAuth 2.0 client credentials grant against an upstream's authorization server.</summary>
public sealed record OAuthClient(string ClientId, string ClientSecret, string TokenUrl, IReadOnlyList<string> Scopes);
