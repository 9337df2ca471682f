namespace McpGateway.Admin.Extensions;

/// <summary>
/// The admin app's settings, from the environment. The public origin is the OIDC issuer every service already agrees on
/// (`JWT_ISSUER`, else `APP_DOMAIN`, else http://localhost:4444): the browser is sent there, and tokens must carry it.
/// </summary>
public sealed record AdminSettings
{
    public const string DefaultClientId = "mcpgateway-admin";

    /// <summary>Where the UI is mounted on the public origin; the gateway routes it here unchanged.</summary>
    public const string PathBase = "/admin";

    /// <summary>The public origin (no trailing slash), also the OIDC authority and the issuer tokens carry.</summary>
    public required string PublicOrigin { get; init; }

    /// <summary>
    /// Where this app calls the public APIs and the provider's back-channel endpoints: `ADMIN_API_URL` (the gateway's
    /// in-cluster address in Kubernetes), else the public origin itself. Either way the calls take the public paths
    /// through the gateway, so routing, rate limits and visibility are exactly the ones every client gets.
    /// </summary>
    public required Uri ApiBaseAddress { get; init; }

    /// <summary>`ADMIN_UI_CLIENT_ID`: the first-party client the auth service registers at start-up.</summary>
    public required string ClientId { get; init; }

    /// <summary>`ADMIN_UI_CLIENT_SECRET`: when set (on both auth and admin), a confidential client; else a public one with PKCE.</summary>
    public string? ClientSecret { get; init; }

    /// <summary>
    /// `ADMIN_UI_KEYS_DIR`: the ASP.NET Core data-protection key ring (it encrypts the session cookie). Replicas must
    /// share it (a volume in Kubernetes); by default `$MCPGATEWAY_HOME/admin-keys`.
    /// </summary>
    public required string KeysDirectory { get; init; }

    /// <summary>Rows per page on the list pages.</summary>
    public int PageSize { get; init; } = 50;

    public string RedirectUri => PublicOrigin + PathBase + "/signin-oidc";
    public string PostLogoutRedirectUri => PublicOrigin + PathBase + "/signout-callback-oidc";

    public static AdminSettings FromConfiguration(IConfiguration configuration)
    {
        var origin = (NonEmpty(configuration["JWT_ISSUER"]) ?? NonEmpty(configuration["APP_DOMAIN"]) ?? "http://localhost:4444").TrimEnd('/');
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var originUri) || originUri.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException($"The public origin '{origin}' (JWT_ISSUER, else APP_DOMAIN) is not an http(s) URL.");
        }
        var api = NonEmpty(configuration["ADMIN_API_URL"]) ?? origin;
        if (!Uri.TryCreate(api.TrimEnd('/') + "/", UriKind.Absolute, out var apiUri) || apiUri.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException($"ADMIN_API_URL = '{api}' is not an http(s) URL.");
        }
        var home = NonEmpty(configuration["MCPGATEWAY_HOME"])
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".mcpgateway");
        return new AdminSettings
        {
            PublicOrigin = origin,
            ApiBaseAddress = apiUri,
            ClientId = NonEmpty(configuration["ADMIN_UI_CLIENT_ID"]) ?? DefaultClientId,
            ClientSecret = NonEmpty(configuration["ADMIN_UI_CLIENT_SECRET"]),
            KeysDirectory = NonEmpty(configuration["ADMIN_UI_KEYS_DIR"]) ?? Path.Combine(home, "admin-keys"),
        };
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
