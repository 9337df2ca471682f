using McpGateway.Catalog.Model;

namespace McpGateway.Catalog.Apis;

/// <summary>A resource to create (`POST /resources`) or the fields to change (`PUT`), with ContextForge's names.</summary>
public sealed record ResourceRequest(
    string? Uri = null,
    string? Name = null,
    string? Description = null,
    string? MimeType = null,
    string? Template = null,
    string? Content = null,
    IReadOnlyList<string?>? Tags = null,
    string? TeamId = null,
    string? OwnerEmail = null,
    string? Visibility = null);

public sealed record ResourceResponse(
    string Id,
    string Uri,
    string Name,
    string? Description,
    string? MimeType,
    string? Template,
    long? Size,
    string? GatewayId,
    bool Enabled,
    IReadOnlyList<string> Tags,
    string? TeamId,
    string OwnerEmail,
    string Visibility,
    string? CreatedBy,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    public static ResourceResponse From(Resource resource) => new(
        resource.Id, resource.Uri, resource.Name, resource.Description, resource.MimeType, resource.UriTemplate, resource.Size,
        resource.GatewayId, resource.Enabled, resource.Tags, resource.TeamId, resource.OwnerEmail, Names.Of(resource.Visibility),
        resource.CreatedBy, resource.CreatedAt, resource.UpdatedAt);
}

/// <summary>A prompt to create (`POST /prompts`) or the fields to change (`PUT`), with ContextForge's names.</summary>
public sealed record PromptRequest(
    string? Name = null,
    string? Description = null,
    string? Template = null,
    IReadOnlyList<PromptArgument>? Arguments = null,
    IReadOnlyList<string?>? Tags = null,
    string? TeamId = null,
    string? OwnerEmail = null,
    string? Visibility = null);

/// <summary>One argument a prompt's template takes.</summary>
public sealed record PromptArgument(string? Name, string? Description = null, bool Required = false);

public sealed record PromptResponse(
    string Id,
    string Name,
    string? Description,
    string? Template,
    RawJson Arguments,
    string? GatewayId,
    bool Enabled,
    IReadOnlyList<string> Tags,
    string? TeamId,
    string OwnerEmail,
    string Visibility,
    string? CreatedBy,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    public static PromptResponse From(Prompt prompt) => new(
        prompt.Id, prompt.Name, prompt.Description, prompt.Template, new RawJson(prompt.Arguments), prompt.GatewayId, prompt.Enabled,
        prompt.Tags, prompt.TeamId, prompt.OwnerEmail, Names.Of(prompt.Visibility), prompt.CreatedBy, prompt.CreatedAt, prompt.UpdatedAt);
}
