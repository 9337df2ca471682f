using McpGateway.Catalog.Model;
using McpGateway.Catalog.Security;

namespace McpGateway.Catalog.Apis;

/// <summary>
/// An upstream MCP server to register (`POST /gateways`) or the fields to change (`PUT`), with ContextForge's flat
/// credential fields. Giving `auth_type` replaces the stored credentials (`none` removes them); leaving it out keeps them.
/// </summary>
public sealed record GatewayRequest(
    string? Name = null,
    string? Url = null,
    string? Description = null,
    string? Transport = null,
    IReadOnlyList<string?>? PassthroughHeaders = null,
    string? AuthType = null,
    string? AuthUsername = null,
    string? AuthPassword = null,
    string? AuthToken = null,
    string? AuthHeaderKey = null,
    string? AuthHeaderValue = null,
    IReadOnlyList<HeaderPair>? AuthHeaders = null,
    OAuthConfigRequest? OAuthConfig = null,
    IReadOnlyList<string?>? Tags = null,
    string? TeamId = null,
    string? OwnerEmail = null,
    string? Visibility = null)
{
    public CredentialsRequest Credentials => new(AuthType, AuthUsername, AuthPassword, AuthToken, AuthHeaderKey, AuthHeaderValue, AuthHeaders, OAuthConfig);
}

/// <summary>A gateway as the API shows it: which credentials it has (`auth_type`, `auth_value_set`, names), never their secrets.</summary>
public sealed record GatewayResponse(
    string Id,
    string Name,
    string Slug,
    string Url,
    string? Description,
    string Transport,
    RawJson? Capabilities,
    IReadOnlyList<string> PassthroughHeaders,
    string AuthType,
    bool AuthValueSet,
    string? AuthValue,
    string? AuthUsername,
    IReadOnlyList<string>? AuthHeaderKeys,
    OAuthConfigSummary? OAuthConfig,
    bool Reachable,
    bool Enabled,
    DateTime? LastSeenAt,
    DateTime? LastRefreshedAt,
    IReadOnlyList<string> Tags,
    string? TeamId,
    string OwnerEmail,
    string Visibility,
    string? CreatedBy,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    public static GatewayResponse From(Gateway gateway, CredentialVault vault)
    {
        var auth = vault.Describe(gateway.AuthType, gateway.AuthValue);
        return new GatewayResponse(
            gateway.Id, gateway.Name, gateway.Slug, gateway.Url, gateway.Description, gateway.Transport, RawJson.From(gateway.Capabilities),
            gateway.PassthroughHeaders, auth.AuthType, auth.AuthValueSet, auth.AuthValue, auth.AuthUsername, auth.AuthHeaderKeys, auth.OAuthConfig,
            gateway.Reachable, gateway.Enabled, gateway.LastSeenAt, gateway.LastRefreshedAt, gateway.Tags, gateway.TeamId, gateway.OwnerEmail,
            Names.Of(gateway.Visibility), gateway.CreatedBy, gateway.CreatedAt, gateway.UpdatedAt);
    }
}
