using static OpenIddict.Abstractions.OpenIddictConstants;

namespace McpGateway.Auth.OAuth;

/// <summary>The scopes this provider grants; anything else a client asks for is dropped (RFC 6749 §3.3).</summary>
public static class OAuthScopes
{
    public static readonly IReadOnlyList<string> Supported = [Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.OfflineAccess];

    /// <summary>Scopes that mean something only when a user is signed in.</summary>
    public static readonly IReadOnlyList<string> UserOnly = [Scopes.OpenId, Scopes.OfflineAccess];

    public static IReadOnlyList<string> Parse(string? scope) =>
        string.IsNullOrWhiteSpace(scope) ? [] : scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
}

/// <summary>How a client authenticates at the token, revocation and introspection endpoints (RFC 7591 `token_endpoint_auth_method`).</summary>
public static class OAuthClientAuthentication
{
    public static readonly IReadOnlyList<string> Methods =
        [ClientAuthenticationMethods.ClientSecretBasic, ClientAuthenticationMethods.ClientSecretPost, ClientAuthenticationMethods.None];

    /// <summary>Introspection is for confidential clients only.</summary>
    public static readonly IReadOnlyList<string> SecretMethods = [ClientAuthenticationMethods.ClientSecretBasic, ClientAuthenticationMethods.ClientSecretPost];
}

/// <summary>Paths of the provider's endpoints, below the issuer (the gateway routes them to this service unchanged).</summary>
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

    /// <summary>A path as OpenIddict takes it: relative to the issuer, so a JWT_ISSUER with a path prefix keeps it.</summary>
    public static string Relative(string path) => path.TrimStart('/');
}
