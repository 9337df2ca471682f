using System.Text.Json;
using McpGateway.Auth.Security;
using static OpenIddict.Abstractions.OpenIddictConstants;
using GrantTypeNames = OpenIddict.Abstractions.OpenIddictConstants.GrantTypes;

namespace McpGateway.Auth.OAuth.Clients;

/// <summary>Where a client's metadata came from, which decides what it may ask for.</summary>
public enum ClientSource
{
    /// <summary>`POST /oauth/register` by anyone (RFC 7591): never `client_credentials`, whose tokens need no user.</summary>
    OpenRegistration,
    /// <summary>`POST /oauth/register` with the OAUTH_REGISTRATION_TOKEN (an RFC 7591 initial access token).</summary>
    AuthorizedRegistration,
    /// <summary>A Client ID Metadata Document: a public client whose client_id is the document's https URL.</summary>
    MetadataDocument,
}

/// <summary>A client's metadata (RFC 7591 §2), checked: what a registration or a Client ID Metadata Document may set.</summary>
public sealed record ClientMetadata(
    string? Name,
    IReadOnlyList<string> RedirectUris,
    IReadOnlyList<string> PostLogoutRedirectUris,
    IReadOnlyList<string> GrantTypes,
    string AuthMethod,
    string? Scope)
{
    public const int MaxUris = 20;
    public const int MaxNameLength = 200;

    public bool UsesCode => GrantTypes.Contains(GrantTypeNames.AuthorizationCode);

    public bool IsPublic => AuthMethod == ClientAuthenticationMethods.None;

    /// <summary>The metadata, or an RFC 7591 §3.2.2 error (`invalid_client_metadata`, `invalid_redirect_uri`) and why.</summary>
    public static ClientMetadataResult Read(JsonElement metadata, ClientSource source)
    {
        if (metadata.ValueKind != JsonValueKind.Object)
        {
            return ClientMetadataResult.Invalid("The client metadata must be a JSON object.");
        }
        try
        {
            var defaultMethod = source == ClientSource.MetadataDocument ? ClientAuthenticationMethods.None : ClientAuthenticationMethods.ClientSecretBasic;
            var method = String(metadata, "token_endpoint_auth_method") ?? defaultMethod;
            if (!OAuthClientAuthentication.Methods.Contains(method))
            {
                return ClientMetadataResult.Invalid($"token_endpoint_auth_method must be one of {string.Join(", ", OAuthClientAuthentication.Methods)}.");
            }
            if (source == ClientSource.MetadataDocument && method != ClientAuthenticationMethods.None)
            {
                return ClientMetadataResult.Invalid("A client identified by a metadata document has no shared secret: token_endpoint_auth_method must be none.");
            }
            var grantTypes = Strings(metadata, "grant_types") ?? [GrantTypeNames.AuthorizationCode];
            string[] supported = [GrantTypeNames.AuthorizationCode, GrantTypeNames.RefreshToken,
                GrantTypeNames.ClientCredentials];
            if (grantTypes.Count == 0 || grantTypes.Any(g => !supported.Contains(g)))
            {
                return ClientMetadataResult.Invalid($"grant_types may hold {string.Join(", ", supported)}.");
            }
            if (grantTypes.Contains(GrantTypeNames.ClientCredentials))
            {
                if (source != ClientSource.AuthorizedRegistration)
                {
                    return ClientMetadataResult.Invalid(
                        "client_credentials is only for clients registered with the registration token (OAUTH_REGISTRATION_TOKEN): its tokens act without a user.");
                }
                if (method == ClientAuthenticationMethods.None)
                {
                    return ClientMetadataResult.Invalid("A public client (token_endpoint_auth_method none) cannot use client_credentials.");
                }
            }
            var usesCode = grantTypes.Contains(GrantTypeNames.AuthorizationCode);
            var responseTypes = Strings(metadata, "response_types") ?? (usesCode ? [ResponseTypes.Code] : []);
            if (responseTypes.Any(r => r != ResponseTypes.Code) || responseTypes.Contains(ResponseTypes.Code) != usesCode)
            {
                return ClientMetadataResult.Invalid("response_types must be [\"code\"] with the authorization_code grant, and empty without it.");
            }

            var redirectUris = Strings(metadata, "redirect_uris") ?? [];
            if (usesCode && redirectUris.Count == 0)
            {
                return ClientMetadataResult.InvalidRedirectUri("redirect_uris is required for the authorization_code grant.");
            }
            if (redirectUris.Count > MaxUris || redirectUris.Any(u => !Clients.RedirectUris.IsAllowed(u)))
            {
                return ClientMetadataResult.InvalidRedirectUri(
                    $"Each redirect URI must be an absolute https URI, or http on localhost, 127.0.0.1 or [::1], without a fragment (at most {MaxUris}).");
            }
            var postLogoutUris = Strings(metadata, "post_logout_redirect_uris") ?? [];
            if (postLogoutUris.Count > MaxUris || postLogoutUris.Any(u => !Clients.RedirectUris.IsAllowed(u)))
            {
                return ClientMetadataResult.Invalid("post_logout_redirect_uris must follow the rules of redirect_uris.");
            }
            var name = String(metadata, "client_name")?.Trim();
            if (name is { Length: > MaxNameLength })
            {
                return ClientMetadataResult.Invalid($"client_name may be at most {MaxNameLength} characters.");
            }
            // Unknown scopes are dropped (RFC 7591 §2: the server may replace requested values); null lets the client ask for any.
            var requestedScope = String(metadata, "scope");
            var scope = requestedScope is null ? null : string.Join(' ', OAuthScopes.Parse(requestedScope).Where(OAuthScopes.Supported.Contains));

            return new ClientMetadataResult(new ClientMetadata(
                string.IsNullOrEmpty(name) ? null : name,
                [.. redirectUris.Distinct(StringComparer.Ordinal)],
                [.. postLogoutUris.Distinct(StringComparer.Ordinal)],
                [.. grantTypes.Distinct(StringComparer.Ordinal)],
                method,
                scope), null, null);
        }
        catch (InvalidMetadataException e)
        {
            return ClientMetadataResult.Invalid(e.Message);
        }
    }

    private static string? String(JsonElement metadata, string name) =>
        !metadata.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? Checked(name, value.GetString()!)
        : throw new InvalidMetadataException($"{name} must be a string.");

    private static List<string>? Strings(JsonElement metadata, string name) =>
        !metadata.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.Array && value.GetArrayLength() <= MaxUris * 5 && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String)
            ? value.EnumerateArray().Select(v => Checked(name, v.GetString()!)).ToList()
            : throw new InvalidMetadataException($"{name} must be an array of strings.");

    // A NUL would be refused by PostgreSQL as a server error; no metadata value needs a control character.
    private static string Checked(string name, string value) =>
        InputText.HasControlCharacters(value) ? throw new InvalidMetadataException($"{name} must not contain control characters.") : value;

    private sealed class InvalidMetadataException(string message) : Exception(message);
}

/// <summary>The metadata read, or the RFC 7591 error to answer.</summary>
public sealed record ClientMetadataResult(ClientMetadata? Metadata, string? Error, string? ErrorDescription)
{
    public static ClientMetadataResult Invalid(string description) => new(null, "invalid_client_metadata", description);

    public static ClientMetadataResult InvalidRedirectUri(string description) => new(null, "invalid_redirect_uri", description);
}
