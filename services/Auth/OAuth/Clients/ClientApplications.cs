using System.Text.Json;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace McpGateway.Auth.OAuth.Clients;

/// <summary>
/// Turns checked client metadata into an OpenIddict application, and reads back what OpenIddict does not model itself:
/// the registered `token_endpoint_auth_method`, a restricting `scope`, and, for a metadata document, until when it is cached.
/// </summary>
public static class ClientApplications
{
    public const string AuthMethodProperty = "token_endpoint_auth_method";
    public const string ScopeProperty = "scope";
    public const string SourceProperty = "source";
    public const string IssuedAtProperty = "client_id_issued_at";
    public const string MetadataExpiresAtProperty = "metadata_expires_at";

    public static OpenIddictApplicationDescriptor Describe(string clientId, ClientMetadata metadata, ClientSource source, string? secret, DateTimeOffset now)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = secret,
            ClientType = metadata.IsPublic ? ClientTypes.Public : ClientTypes.Confidential,
            // Anyone can register a client or publish a metadata document, so its request alone never yields a code for a
            // signed-in user: the user is asked every time (administrators' clients would be `implicit`).
            ConsentType = ConsentTypes.Systematic,
            DisplayName = metadata.Name,
        };
        foreach (var uri in metadata.RedirectUris)
        {
            descriptor.RedirectUris.Add(new Uri(uri));
        }
        foreach (var uri in metadata.PostLogoutRedirectUris)
        {
            descriptor.PostLogoutRedirectUris.Add(new Uri(uri));
        }
        descriptor.Permissions.UnionWith([Permissions.Endpoints.Token, Permissions.Endpoints.Revocation]);
        if (!metadata.IsPublic)
        {
            descriptor.Permissions.Add(Permissions.Endpoints.Introspection);
        }
        if (metadata.UsesCode)
        {
            descriptor.Permissions.UnionWith([Permissions.Endpoints.Authorization, Permissions.Endpoints.EndSession, Permissions.ResponseTypes.Code]);
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        }
        descriptor.Permissions.UnionWith(metadata.GrantTypes.Select(grant => Permissions.Prefixes.GrantType + grant));

        descriptor.Properties[SourceProperty] = JsonSerializer.SerializeToElement(source == ClientSource.MetadataDocument ? "metadata_document" : "registration");
        descriptor.Properties[AuthMethodProperty] = JsonSerializer.SerializeToElement(metadata.AuthMethod);
        descriptor.Properties[IssuedAtProperty] = JsonSerializer.SerializeToElement(now.ToUnixTimeSeconds());
        if (metadata.Scope is not null)
        {
            descriptor.Properties[ScopeProperty] = JsonSerializer.SerializeToElement(metadata.Scope);
        }
        return descriptor;
    }

    /// <summary>The RFC 7591 §3.2.1 registration response: everything registered, and the secret this once.</summary>
    public static Dictionary<string, object?> RegistrationResponse(string clientId, ClientMetadata metadata, string? secret, DateTimeOffset now) => new()
    {
        ["client_id"] = clientId,
        ["client_secret"] = secret,
        ["client_id_issued_at"] = now.ToUnixTimeSeconds(),
        ["client_secret_expires_at"] = secret is null ? null : 0,
        ["client_name"] = metadata.Name,
        ["redirect_uris"] = metadata.RedirectUris,
        ["post_logout_redirect_uris"] = metadata.PostLogoutRedirectUris.Count > 0 ? metadata.PostLogoutRedirectUris : null,
        ["grant_types"] = metadata.GrantTypes,
        ["response_types"] = metadata.UsesCode ? new[] { ResponseTypes.Code } : [],
        ["token_endpoint_auth_method"] = metadata.AuthMethod,
        ["scope"] = metadata.Scope,
    };

    public static async ValueTask<string?> GetStringPropertyAsync(IOpenIddictApplicationManager applications, object application, string name,
        CancellationToken cancellationToken) =>
        (await applications.GetPropertiesAsync(application, cancellationToken)).TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>The scopes this client may be granted: the supported ones, within what it registered when it named any.</summary>
    public static async ValueTask<IReadOnlyList<string>> GrantableScopesAsync(IOpenIddictApplicationManager applications, object application,
        IEnumerable<string> requested, CancellationToken cancellationToken)
    {
        var registered = await GetStringPropertyAsync(applications, application, ScopeProperty, cancellationToken);
        var allowed = registered is null ? OAuthScopes.Supported : OAuthScopes.Parse(registered);
        return requested.Where(s => OAuthScopes.Supported.Contains(s) && allowed.Contains(s)).Distinct(StringComparer.Ordinal).ToList();
    }
}
