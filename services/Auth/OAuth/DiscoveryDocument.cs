using McpGateway.Auth.Security;

namespace McpGateway.Auth.OAuth;

/// <summary>
/// The provider's metadata (OpenID Connect Discovery 1.0 §3, RFC 8414 §2). Every URL derives from the issuer, the
/// public gateway origin, so it is the same whichever replica or internal address answered.
/// </summary>
public static class DiscoveryDocument
{
    public static string Url(AuthSettings settings, string path) => settings.Issuer.TrimEnd('/') + path;

    public static Dictionary<string, object> Create(AuthSettings settings) => new()
    {
        ["issuer"] = settings.Issuer,
        ["authorization_endpoint"] = Url(settings, OAuthPaths.Authorize),
        ["token_endpoint"] = Url(settings, OAuthPaths.Token),
        ["userinfo_endpoint"] = Url(settings, OAuthPaths.UserInfo),
        ["jwks_uri"] = Url(settings, OAuthPaths.Jwks),
        ["registration_endpoint"] = Url(settings, OAuthPaths.Register),
        ["revocation_endpoint"] = Url(settings, OAuthPaths.Revoke),
        ["introspection_endpoint"] = Url(settings, OAuthPaths.Introspect),
        ["end_session_endpoint"] = Url(settings, OAuthPaths.Logout),
        ["scopes_supported"] = Scopes.Supported,
        ["response_types_supported"] = new[] { "code" },
        ["response_modes_supported"] = new[] { "query" },
        ["grant_types_supported"] = GrantTypes.Supported,
        ["code_challenge_methods_supported"] = new[] { Pkce.S256 },
        ["token_endpoint_auth_methods_supported"] = ClientAuthenticationMethods.Supported,
        ["revocation_endpoint_auth_methods_supported"] = ClientAuthenticationMethods.Supported,
        ["introspection_endpoint_auth_methods_supported"] = new[] { ClientAuthenticationMethods.ClientSecretBasic, ClientAuthenticationMethods.ClientSecretPost },
        ["subject_types_supported"] = new[] { "public" },
        ["id_token_signing_alg_values_supported"] = new[] { settings.Algorithm },
        ["claims_supported"] = new[] { "iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "email", "email_verified", "name" },
        ["prompt_values_supported"] = new[] { "none", "login", "consent" },
        // RFC 9207: every authorization response carries `iss`, so a client can tell which server answered.
        ["authorization_response_iss_parameter_supported"] = true,
        ["claims_parameter_supported"] = false,
        ["request_parameter_supported"] = false,
        // OIDC Discovery's default is true: say plainly that request_uri is not supported.
        ["request_uri_parameter_supported"] = false,
    };
}
