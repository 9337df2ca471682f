using System.Text.Json;
using McpGateway.Auth.Model;

namespace McpGateway.Auth.OAuth;

/// <summary>
/// Dynamic client registration (RFC 7591 §2, §3.2): checks the client's metadata and makes the client. Redirect URIs
/// must be https, or http on a loopback host (RFC 8252 §7.3, what local MCP clients use); none may carry a fragment.
/// </summary>
public static class ClientRegistration
{
    private const int MaxUris = 20;
    private const int MaxUriLength = 2000;

    /// <summary>The client, its plain secret (confidential clients; shown once), or an RFC 7591 error.</summary>
    public sealed record Outcome(OAuthClient? Client, string? Secret, OAuthJsonResult? Error);

    public static Outcome Register(JsonElement metadata, DateTime now)
    {
        if (metadata.ValueKind != JsonValueKind.Object)
        {
            return Invalid(OAuthErrors.InvalidClientMetadata, "The body must be a JSON object of client metadata.");
        }
        try
        {
            var method = String(metadata, "token_endpoint_auth_method") ?? ClientAuthenticationMethods.ClientSecretBasic;
            if (!ClientAuthenticationMethods.Supported.Contains(method))
            {
                return Invalid(OAuthErrors.InvalidClientMetadata, $"token_endpoint_auth_method must be one of {string.Join(", ", ClientAuthenticationMethods.Supported)}.");
            }
            var grantTypes = Strings(metadata, "grant_types") ?? [GrantTypes.AuthorizationCode];
            if (grantTypes.Count == 0 || grantTypes.Any(g => !GrantTypes.Supported.Contains(g)))
            {
                return Invalid(OAuthErrors.InvalidClientMetadata, $"grant_types may hold {string.Join(", ", GrantTypes.Supported)}.");
            }
            var usesCode = grantTypes.Contains(GrantTypes.AuthorizationCode);
            var responseTypes = Strings(metadata, "response_types") ?? (usesCode ? ["code"] : []);
            if (responseTypes.Any(r => r != "code") || responseTypes.Contains("code") != usesCode)
            {
                return Invalid(OAuthErrors.InvalidClientMetadata, "response_types must be [\"code\"] with the authorization_code grant, and empty without it.");
            }
            if (method == ClientAuthenticationMethods.None && grantTypes.Contains(GrantTypes.ClientCredentials))
            {
                return Invalid(OAuthErrors.InvalidClientMetadata, "A public client (token_endpoint_auth_method none) cannot use client_credentials.");
            }

            var redirectUris = Strings(metadata, "redirect_uris") ?? [];
            if (usesCode && redirectUris.Count == 0)
            {
                return Invalid(OAuthErrors.InvalidRedirectUri, "redirect_uris is required for the authorization_code grant.");
            }
            if (redirectUris.Count > MaxUris || redirectUris.Any(u => !IsAllowedRedirectUri(u)))
            {
                return Invalid(OAuthErrors.InvalidRedirectUri,
                    $"Each redirect URI must be an absolute https URI, or http on localhost, 127.0.0.1 or [::1], without a fragment (at most {MaxUris}).");
            }
            var postLogoutUris = Strings(metadata, "post_logout_redirect_uris") ?? [];
            if (postLogoutUris.Count > MaxUris || postLogoutUris.Any(u => !IsAllowedRedirectUri(u)))
            {
                return Invalid(OAuthErrors.InvalidClientMetadata, "post_logout_redirect_uris must follow the rules of redirect_uris.");
            }
            var name = String(metadata, "client_name");
            if (name is { Length: > 200 })
            {
                return Invalid(OAuthErrors.InvalidClientMetadata, "client_name may be at most 200 characters.");
            }
            // Unknown scopes are dropped (RFC 7591 §2: the server may replace requested values); null lets the client ask for any.
            var requestedScope = String(metadata, "scope");
            var scope = requestedScope is null ? null : Scopes.Join(Scopes.Parse(requestedScope).Where(Scopes.Supported.Contains)) ?? "";

            var secret = method == ClientAuthenticationMethods.None ? null : OpaqueTokens.New();
            var client = new OAuthClient
            {
                ClientId = OpaqueTokens.New()[..22],
                ClientSecretHash = secret is null ? null : OpaqueTokens.Hash(secret),
                ClientName = string.IsNullOrWhiteSpace(name) ? null : name.Trim(),
                RedirectUris = [.. redirectUris.Distinct(StringComparer.Ordinal)],
                PostLogoutRedirectUris = [.. postLogoutUris.Distinct(StringComparer.Ordinal)],
                GrantTypes = [.. grantTypes.Distinct(StringComparer.Ordinal)],
                ResponseTypes = [.. responseTypes.Distinct(StringComparer.Ordinal)],
                TokenEndpointAuthMethod = method,
                Scope = scope,
                IsDynamic = true,
                CreatedAt = now,
            };
            return new Outcome(client, secret, null);
        }
        catch (InvalidMetadataException e)
        {
            return Invalid(OAuthErrors.InvalidClientMetadata, e.Message);
        }
    }

    /// <summary>The registration response (RFC 7591 §3.2.1): everything registered, and the secret this once.</summary>
    public static Dictionary<string, object?> Response(OAuthClient client, string? secret) => new()
    {
        ["client_id"] = client.ClientId,
        ["client_secret"] = secret,
        ["client_id_issued_at"] = new DateTimeOffset(client.CreatedAt, TimeSpan.Zero).ToUnixTimeSeconds(),
        ["client_secret_expires_at"] = secret is null ? null : 0,
        ["client_name"] = client.ClientName,
        ["redirect_uris"] = client.RedirectUris,
        ["post_logout_redirect_uris"] = client.PostLogoutRedirectUris.Count > 0 ? client.PostLogoutRedirectUris : null,
        ["grant_types"] = client.GrantTypes,
        ["response_types"] = client.ResponseTypes,
        ["token_endpoint_auth_method"] = client.TokenEndpointAuthMethod,
        ["scope"] = client.Scope,
    };

    public static bool IsAllowedRedirectUri(string text)
    {
        if (text.Length > MaxUriLength || text.Contains('#', StringComparison.Ordinal) || !AuthorizationRequestValidator.IsAbsoluteUri(text, out var uri)
            || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return false;
        }
        return uri.Scheme == Uri.UriSchemeHttps
            || uri.Scheme == Uri.UriSchemeHttp && uri.Host is "localhost" or "127.0.0.1" or "[::1]";
    }

    private static string? String(JsonElement metadata, string name) =>
        !metadata.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw new InvalidMetadataException($"{name} must be a string.");

    private static List<string>? Strings(JsonElement metadata, string name) =>
        !metadata.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String)
            ? value.EnumerateArray().Select(v => v.GetString()!).ToList()
            : throw new InvalidMetadataException($"{name} must be an array of strings.");

    private static Outcome Invalid(string error, string description) => new(null, null, OAuthJsonResult.Error(error, description));

    private sealed class InvalidMetadataException(string message) : Exception(message);
}
