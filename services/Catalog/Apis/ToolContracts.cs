using System.Text.Json;
using McpGateway.Catalog.Model;
using McpGateway.Catalog.Security;

namespace McpGateway.Catalog.Apis;

/// <summary>
/// A tool to create (`POST /tools`) or the fields to change (`PUT /tools/{id}`: absent fields stay as they are), with
/// ContextForge's names.
/// </summary>
public sealed record ToolRequest(
    string? Name = null,
    string? DisplayName = null,
    string? Url = null,
    string? Description = null,
    string? IntegrationType = null,
    string? RequestType = null,
    JsonElement? Headers = null,
    JsonElement? InputSchema = null,
    JsonElement? OutputSchema = null,
    JsonElement? Annotations = null,
    ToolAuthRequest? Auth = null,
    string? GatewayId = null,
    IReadOnlyList<string?>? Tags = null,
    string? TeamId = null,
    string? OwnerEmail = null,
    string? Visibility = null);

/// <summary>A tool's upstream credentials as ContextForge's `auth` object names them.</summary>
public sealed record ToolAuthRequest(
    string? AuthType,
    string? Username = null,
    string? Password = null,
    string? Token = null,
    string? AuthHeaderKey = null,
    string? AuthHeaderValue = null,
    IReadOnlyList<HeaderPair>? AuthHeaders = null,
    OAuthConfigRequest? OAuthConfig = null)
{
    public CredentialsRequest ToCredentialsRequest() =>
        new(AuthType, Username, Password, Token, AuthHeaderKey, AuthHeaderValue, AuthHeaders, OAuthConfig);
}

public sealed record ToolResponse(
    string Id,
    string Name,
    string OriginalName,
    string? DisplayName,
    string? Description,
    string? Url,
    string IntegrationType,
    string? RequestType,
    RawJson? Headers,
    RawJson InputSchema,
    RawJson? OutputSchema,
    RawJson? Annotations,
    CredentialsSummary Auth,
    string? GatewayId,
    bool Reachable,
    bool Enabled,
    IReadOnlyList<string> Tags,
    string? TeamId,
    string OwnerEmail,
    string Visibility,
    string? CreatedBy,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    public static ToolResponse From(Tool tool, CredentialVault vault) => new(
        tool.Id, tool.Name, tool.OriginalName, tool.DisplayName, tool.Description, tool.Url, tool.IntegrationType, tool.RequestType,
        RawJson.From(tool.Headers), new RawJson(tool.InputSchema), RawJson.From(tool.OutputSchema), RawJson.From(tool.Annotations),
        vault.Describe(tool.AuthType, tool.AuthValue), tool.GatewayId, tool.Reachable, tool.Enabled, tool.Tags, tool.TeamId,
        tool.OwnerEmail, Names.Of(tool.Visibility), tool.CreatedBy, tool.CreatedAt, tool.UpdatedAt);
}
