using McpGateway.Catalog.Model;
using McpGateway.ServiceDefaults.Http;

namespace McpGateway.Catalog.Apis;

/// <summary>
/// Upstream credentials as a request gives them, with ContextForge's field names: `auth_type` (`none`, `basic`,
/// `bearer`, `authheaders` (or `headers`), `oauth`) and the fields that type needs.
/// </summary>
public sealed record CredentialsRequest(
    string? AuthType,
    string? AuthUsername = null,
    string? AuthPassword = null,
    string? AuthToken = null,
    string? AuthHeaderKey = null,
    string? AuthHeaderValue = null,
    IReadOnlyList<HeaderPair>? AuthHeaders = null,
    OAuthConfigRequest? OAuthConfig = null)
{
    private const int MaxSecretLength = 8192;
    private const int MaxHeaders = 20;

    /// <summary>The validated credentials; 400 naming the field at fault.</summary>
    public UpstreamCredentials ToCredentials()
    {
        var type = AuthType?.Trim().ToLowerInvariant() switch
        {
            null or "" or "none" => UpstreamCredentials.None,
            "basic" => UpstreamCredentials.Basic,
            "bearer" => UpstreamCredentials.Bearer,
            "authheaders" or "headers" => UpstreamCredentials.Headers,
            "oauth" => UpstreamCredentials.OAuth,
            _ => throw ProblemException.BadRequest("auth_type", $"'auth_type' must be one of {string.Join(", ", UpstreamCredentials.Types)}."),
        };
        return type switch
        {
            UpstreamCredentials.Basic => new UpstreamCredentials
            {
                Type = type,
                Username = Input.Text("auth_username", AuthUsername, 255, required: true),
                Password = Secret("auth_password", AuthPassword),
            },
            UpstreamCredentials.Bearer => new UpstreamCredentials { Type = type, Token = Secret("auth_token", AuthToken) },
            UpstreamCredentials.Headers => new UpstreamCredentials { Type = type, HeaderValues = Headers() },
            UpstreamCredentials.OAuth => new UpstreamCredentials { Type = type, OAuthClient = OAuth() },
            _ => new UpstreamCredentials(),
        };
    }

    private Dictionary<string, string> Headers()
    {
        var pairs = (AuthHeaders ?? []).ToList();
        if (AuthHeaderKey is not null || AuthHeaderValue is not null)
        {
            pairs.Add(new HeaderPair(AuthHeaderKey, AuthHeaderValue));
        }
        if (pairs.Count is 0 or > MaxHeaders)
        {
            throw ProblemException.BadRequest("auth_headers", $"'authheaders' needs between 1 and {MaxHeaders} headers (auth_headers, or auth_header_key and auth_header_value).");
        }
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in pairs)
        {
            var name = Input.Text("auth_header_key", pair.Key, 100, required: true)!;
            if (!name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c)))
            {
                throw ProblemException.BadRequest("auth_header_key", $"'{name}' is not a valid header name.");
            }
            if (!headers.TryAdd(name, Secret("auth_header_value", pair.Value)))
            {
                throw ProblemException.BadRequest("auth_header_key", $"The header '{name}' is given twice.");
            }
        }
        return headers;
    }

    private OAuthClient OAuth()
    {
        var config = OAuthConfig ?? throw ProblemException.BadRequest("oauth_config", "'oauth' needs oauth_config {client_id, client_secret, token_url, scopes}.");
        if (config.GrantType is { } grant && !string.Equals(grant.Trim(), "client_credentials", StringComparison.OrdinalIgnoreCase))
        {
            throw ProblemException.BadRequest("oauth_config.grant_type", "Only the 'client_credentials' grant is supported for upstream credentials.");
        }
        var scopes = (config.Scopes ?? []).Select(s => Input.Text("oauth_config.scopes", s, 200, required: true)!).ToList();
        if (scopes.Any(s => s.Any(char.IsWhiteSpace)))
        {
            throw ProblemException.BadRequest("oauth_config.scopes", "A scope cannot contain spaces; give each scope as its own item.");
        }
        return new OAuthClient(
            Input.Text("oauth_config.client_id", config.ClientId, 500, required: true)!,
            Secret("oauth_config.client_secret", config.ClientSecret),
            UpstreamUrl.Parse("oauth_config.token_url", config.TokenUrl),
            scopes);
    }

    private static string Secret(string field, string? value) => Input.Text(field, value, MaxSecretLength, required: true)!;
}

public sealed record HeaderPair(string? Key, string? Value);

public sealed record OAuthConfigRequest(string? GrantType, string? ClientId, string? ClientSecret, string? TokenUrl, IReadOnlyList<string>? Scopes);
