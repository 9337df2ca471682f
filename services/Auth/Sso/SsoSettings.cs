using System.Text.Json;
using McpGateway.Auth.Accounts;
using McpGateway.Auth.Model;

namespace McpGateway.Auth.Sso;

/// <summary>
/// Sign-in through upstream identity providers, from ContextForge's variable names. The providers named here are written
/// to `sso_providers` at start (<see cref="SsoProviderBootstrap"/>); the flow always reads the table, so providers an
/// administrator adds at runtime work the same way, without a restart.
/// </summary>
public sealed record SsoSettings
{
    /// <summary>`SSO_ENABLED` (default false): without it, `/auth/sso/*` offers no provider and the login page no button.</summary>
    public bool Enabled { get; init; }

    /// <summary>`SSO_AUTO_CREATE_USERS` (default true): a first sign-in creates the account.</summary>
    public bool AutoCreateUsers { get; init; } = true;

    /// <summary>`SSO_TRUSTED_DOMAINS` (JSON list or comma-separated; empty: any domain): only these email domains may sign in.</summary>
    public IReadOnlyList<string> TrustedDomains { get; init; } = [];

    /// <summary>`SSO_AUTO_ADMIN_DOMAINS`: users of these email domains become platform administrators.</summary>
    public IReadOnlyList<string> AutoAdminDomains { get; init; } = [];

    /// <summary>`SSO_GITHUB_ADMIN_ORGS`: members of these GitHub organisations become platform administrators.</summary>
    public IReadOnlyList<string> GitHubAdminOrgs { get; init; } = [];

    /// <summary>`SSO_GOOGLE_ADMIN_DOMAINS`: Google Workspace domains (`hd`) whose users become platform administrators.</summary>
    public IReadOnlyList<string> GoogleAdminDomains { get; init; } = [];

    /// <summary>`SSO_REQUIRE_ADMIN_APPROVAL` (default false): a new user waits in `/auth/sso/pending-approvals` until approved.</summary>
    public bool RequireAdminApproval { get; init; }

    /// <summary>How long a sign-in may take at the upstream before its state expires (ContextForge: 10 minutes).</summary>
    public TimeSpan FlowLifetime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long an approval request waits before it expires (`SSO_PENDING_APPROVAL_DAYS`, default 30).</summary>
    public TimeSpan ApprovalLifetime { get; init; } = TimeSpan.FromDays(30);

    /// <summary>The providers the environment names, as rows to write, with their client secrets in plain text.</summary>
    public IReadOnlyList<ConfiguredProvider> Providers { get; init; } = [];

    public static SsoSettings FromConfiguration(IConfiguration configuration)
    {
        var trusted = Domains(configuration, "SSO_TRUSTED_DOMAINS");
        var providers = new List<ConfiguredProvider>();
        if (AccountSettings.Boolean(configuration, "SSO_GENERIC_ENABLED", false))
        {
            providers.Add(GenericProvider(configuration));
        }
        if (AccountSettings.Boolean(configuration, "SSO_GITHUB_ENABLED", false))
        {
            providers.Add(GitHubProvider(configuration));
        }
        if (AccountSettings.Boolean(configuration, "SSO_GOOGLE_ENABLED", false))
        {
            providers.Add(GoogleProvider(configuration));
        }
        return new SsoSettings
        {
            Enabled = AccountSettings.Boolean(configuration, "SSO_ENABLED", false),
            AutoCreateUsers = AccountSettings.Boolean(configuration, "SSO_AUTO_CREATE_USERS", true),
            TrustedDomains = trusted,
            AutoAdminDomains = Domains(configuration, "SSO_AUTO_ADMIN_DOMAINS"),
            GitHubAdminOrgs = List(configuration, "SSO_GITHUB_ADMIN_ORGS").Select(o => o.ToLowerInvariant()).ToList(),
            GoogleAdminDomains = Domains(configuration, "SSO_GOOGLE_ADMIN_DOMAINS"),
            RequireAdminApproval = AccountSettings.Boolean(configuration, "SSO_REQUIRE_ADMIN_APPROVAL", false),
            ApprovalLifetime = TimeSpan.FromDays(configuration.GetValue("SSO_PENDING_APPROVAL_DAYS", 30)),
            Providers = providers,
        };
    }

    /// <summary>`SSO_GENERIC_*`: any OpenID Connect provider (Keycloak, Entra ID, Okta, Auth0...). Endpoints left out come from discovery.</summary>
    private static ConfiguredProvider GenericProvider(IConfiguration configuration)
    {
        var id = Required(configuration, "SSO_GENERIC_PROVIDER_ID");
        var secret = configuration["SSO_GENERIC_CLIENT_SECRET"] is { Length: > 0 } s ? s : null;
        return new ConfiguredProvider(new SsoProvider
        {
            Id = SsoProviderIds.Valid(id) ? id : throw new InvalidOperationException($"SSO_GENERIC_PROVIDER_ID must be a slug ({SsoProviderIds.Rule}), not '{id}'."),
            Name = id,
            DisplayName = configuration["SSO_GENERIC_DISPLAY_NAME"] is { Length: > 0 } name ? name : id,
            ProviderType = SsoProviderType.Oidc,
            ClientId = Required(configuration, "SSO_GENERIC_CLIENT_ID"),
            Issuer = Required(configuration, "SSO_GENERIC_ISSUER").TrimEnd('/') is var issuer && Uri.IsWellFormedUriString(issuer, UriKind.Absolute) ? issuer
                : throw new InvalidOperationException("SSO_GENERIC_ISSUER must be an absolute URL."),
            AuthorizationUrl = configuration["SSO_GENERIC_AUTHORIZATION_URL"] ?? "",
            TokenUrl = configuration["SSO_GENERIC_TOKEN_URL"] ?? "",
            UserinfoUrl = configuration["SSO_GENERIC_USERINFO_URL"] ?? "",
            JwksUri = configuration["SSO_GENERIC_JWKS_URI"] is { Length: > 0 } jwks ? jwks : null,
            Scope = configuration["SSO_GENERIC_SCOPE"] is { Length: > 0 } scope ? scope : "openid profile email",
            TeamMapping = configuration["SSO_GENERIC_TEAM_MAPPING"] is { Length: > 0 } mapping ? mapping : "{}",
        }, secret);
    }

    /// <summary>`SSO_GITHUB_*`: GitHub's OAuth apps; `GITHUB_BASE_URL`/`GITHUB_API_URL` point at GitHub Enterprise (or a stand-in).</summary>
    private static ConfiguredProvider GitHubProvider(IConfiguration configuration)
    {
        var web = (configuration["GITHUB_BASE_URL"] is { Length: > 0 } b ? b : "https://github.com").TrimEnd('/');
        var api = (configuration["GITHUB_API_URL"] is { Length: > 0 } a ? a : "https://api.github.com").TrimEnd('/');
        var secret = configuration["SSO_GITHUB_CLIENT_SECRET"] is { Length: > 0 } s ? s : configuration["GITHUB_CLIENT_SECRET"];
        return new ConfiguredProvider(new SsoProvider
        {
            Id = "github",
            Name = "github",
            DisplayName = "GitHub",
            ProviderType = SsoProviderType.GitHub,
            ClientId = Required(configuration, "SSO_GITHUB_CLIENT_ID", "GITHUB_CLIENT_ID"),
            AuthorizationUrl = $"{web}/login/oauth/authorize",
            TokenUrl = $"{web}/login/oauth/access_token",
            UserinfoUrl = $"{api}/user",
            Scope = "user:email read:org",
            TeamMapping = configuration["SSO_GITHUB_TEAM_MAPPING"] is { Length: > 0 } mapping ? mapping : "{}",
        }, string.IsNullOrEmpty(secret) ? null : secret);
    }

    /// <summary>
    /// `SSO_GOOGLE_*`: Google is an OpenID Connect provider (discovery at accounts.google.com); `hd` is the Workspace domain.
    /// `SSO_GOOGLE_ISSUER` points it elsewhere (a proxy, or a local stand-in in tests), as GITHUB_BASE_URL does for GitHub.
    /// </summary>
    private static ConfiguredProvider GoogleProvider(IConfiguration configuration)
    {
        var secret = configuration["SSO_GOOGLE_CLIENT_SECRET"] is { Length: > 0 } s ? s : configuration["GOOGLE_CLIENT_SECRET"];
        return new ConfiguredProvider(new SsoProvider
        {
            Id = "google",
            Name = "google",
            DisplayName = "Google",
            ProviderType = SsoProviderType.Google,
            ClientId = Required(configuration, "SSO_GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_ID"),
            Issuer = GoogleIssuer(configuration),
            Scope = "openid profile email",
            TeamMapping = configuration["SSO_GOOGLE_TEAM_MAPPING"] is { Length: > 0 } mapping ? mapping : "{}",
        }, string.IsNullOrEmpty(secret) ? null : secret);
    }

    private static string GoogleIssuer(IConfiguration configuration) =>
        (configuration["SSO_GOOGLE_ISSUER"] is { Length: > 0 } issuer ? issuer.Trim() : "https://accounts.google.com").TrimEnd('/') is var address
            && Uri.IsWellFormedUriString(address, UriKind.Absolute) ? address : throw new InvalidOperationException("SSO_GOOGLE_ISSUER must be an absolute URL.");

    private static string Required(IConfiguration configuration, string key, string? alias = null) =>
        configuration[key] is { Length: > 0 } value ? value.Trim()
        : alias is not null && configuration[alias] is { Length: > 0 } aliased ? aliased.Trim()
        : throw new InvalidOperationException($"{key} is required when its provider is enabled.");

    private static List<string> Domains(IConfiguration configuration, string key) =>
        List(configuration, key).Select(d => d.TrimStart('@').TrimEnd('.').ToLowerInvariant()).ToList();

    /// <summary>A list in either spelling ContextForge accepts: a JSON array (`["a.com","b.com"]`) or comma-separated.</summary>
    public static List<string> List(IConfiguration configuration, string key)
    {
        var text = configuration[key]?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }
        if (text.StartsWith('['))
        {
            try
            {
                return (JsonSerializer.Deserialize<List<string>>(text) ?? []).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).ToList();
            }
            catch (JsonException e)
            {
                throw new InvalidOperationException($"{key} must be a JSON list of strings or a comma-separated list.", e);
            }
        }
        return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }
}

/// <summary>A provider the environment configures: its row, and its client secret to encrypt into it.</summary>
public sealed record ConfiguredProvider(SsoProvider Row, string? ClientSecret);

/// <summary>A provider's id appears in the login and callback paths: a lowercase slug.</summary>
public static class SsoProviderIds
{
    public const string Rule = "1 to 64 lowercase letters, digits, '-' or '_'";

    public static bool Valid(string? id) =>
        id is { Length: > 0 and <= 64 } && id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_');
}
