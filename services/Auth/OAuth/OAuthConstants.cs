namespace McpGateway.Auth.OAuth;

/// <summary>The grant types the token endpoint serves.</summary>
public static class GrantTypes
{
    public const string AuthorizationCode = "authorization_code";
    public const string RefreshToken = "refresh_token";
    public const string ClientCredentials = "client_credentials";

    public static readonly IReadOnlyList<string> Supported = [AuthorizationCode, RefreshToken, ClientCredentials];
}

/// <summary>The scopes this provider knows; anything else a client asks for is dropped (RFC 6749 §3.3).</summary>
public static class Scopes
{
    public const string OpenId = "openid";
    public const string Profile = "profile";
    public const string Email = "email";
    public const string OfflineAccess = "offline_access";

    public static readonly IReadOnlyList<string> Supported = [OpenId, Profile, Email, OfflineAccess];

    public static IReadOnlyList<string> Parse(string? scope) =>
        string.IsNullOrWhiteSpace(scope) ? [] : scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();

    public static string? Join(IEnumerable<string> scopes) => string.Join(' ', scopes) is { Length: > 0 } joined ? joined : null;

    public static bool Contains(string? scope, string value) => Parse(scope).Contains(value, StringComparer.Ordinal);
}

/// <summary>How a client authenticates at the token endpoint (RFC 7591 `token_endpoint_auth_method`).</summary>
public static class ClientAuthenticationMethods
{
    public const string None = "none";
    public const string ClientSecretBasic = "client_secret_basic";
    public const string ClientSecretPost = "client_secret_post";

    public static readonly IReadOnlyList<string> Supported = [ClientSecretBasic, ClientSecretPost, None];
}

/// <summary>Error codes of RFC 6749 §4.1.2.1 and §5.2, OIDC Core §3.1.2.6, RFC 7591 §3.2.2, RFC 6750 §3.1 and RFC 8707.</summary>
public static class OAuthErrors
{
    public const string InvalidRequest = "invalid_request";
    public const string InvalidClient = "invalid_client";
    public const string InvalidGrant = "invalid_grant";
    public const string UnauthorizedClient = "unauthorized_client";
    public const string UnsupportedGrantType = "unsupported_grant_type";
    public const string UnsupportedResponseType = "unsupported_response_type";
    public const string InvalidScope = "invalid_scope";
    public const string InvalidTarget = "invalid_target";
    public const string AccessDenied = "access_denied";
    public const string LoginRequired = "login_required";
    public const string ConsentRequired = "consent_required";
    public const string TemporarilyUnavailable = "temporarily_unavailable";
    public const string InvalidRedirectUri = "invalid_redirect_uri";
    public const string InvalidClientMetadata = "invalid_client_metadata";
    public const string InvalidToken = "invalid_token";
    public const string InsufficientScope = "insufficient_scope";
}

/// <summary>Paths of the provider's endpoints, below the issuer.</summary>
public static class OAuthPaths
{
    public const string Authorize = "/oauth/authorize";
    public const string Login = "/oauth/login";
    public const string Consent = "/oauth/consent";
    public const string Token = "/oauth/token";
    public const string UserInfo = "/oauth/userinfo";
    public const string Jwks = "/oauth/jwks";
    public const string Register = "/oauth/register";
    public const string Revoke = "/oauth/revoke";
    public const string Introspect = "/oauth/introspect";
    public const string Logout = "/oauth/logout";
    public const string OpenIdConfiguration = "/.well-known/openid-configuration";
    public const string AuthorizationServerMetadata = "/.well-known/oauth-authorization-server";

    /// <summary>The cookies of the sign-in pages are scoped to this path.</summary>
    public const string CookiePath = "/oauth";
}
