using McpGateway.Catalog.Apis;

namespace McpGateway.Catalog.Transfer;

// ContextForge's export format (mcpgateway/services/export_service.py): its fields, plus what a lossless multi-tenant
// restore needs (ids, tenancy, associations, the teams named). Unknown fields are ignored on import, both ways.

public sealed record ExportDocument(
    string Version,
    DateTime ExportedAt,
    string ExportedBy,
    string SourceGateway,
    string EncryptionMethod,
    ExportEncryption Encryption,
    ExportEntities Entities,
    ExportMetadata Metadata);

public sealed record ExportEntities(
    IReadOnlyList<ExportedTool>? Tools,
    IReadOnlyList<ExportedGateway>? Gateways,
    IReadOnlyList<ExportedServer>? Servers,
    IReadOnlyList<ExportedPrompt>? Prompts,
    IReadOnlyList<ExportedResource>? Resources,
    IReadOnlyList<ExportedTeam> Teams);

public sealed record ExportMetadata(
    IReadOnlyDictionary<string, int> EntityCounts,
    ExportDependencies Dependencies,
    ExportOptions ExportOptions);

public sealed record ExportDependencies(
    IReadOnlyDictionary<string, IReadOnlyList<string>> ServersToTools,
    IReadOnlyDictionary<string, IReadOnlyList<string>> ServersToResources,
    IReadOnlyDictionary<string, IReadOnlyList<string>> ServersToPrompts);

public sealed record ExportOptions(bool IncludeInactive, bool IncludeDependencies, IReadOnlyList<string> SelectedTypes, IReadOnlyList<string> FilterTags);

/// <summary>A team an exported entity belongs to, so another deployment can find the same team by its slug.</summary>
public sealed record ExportedTeam(string Id, string? Name, string? Slug, bool IsPersonal);

/// <summary>What every exported entity carries beyond ContextForge's fields.</summary>
public interface IExportedEntity
{
    string Id { get; }
    string Name { get; }
    string? TeamId { get; }
    string OwnerEmail { get; }
    string Visibility { get; }
}

public sealed record ExportedTool(
    string Id, string Name, string OriginalName, string? DisplayName, string? Url, string IntegrationType, string? RequestType, string? Description,
    RawJson? Headers, RawJson InputSchema, RawJson? OutputSchema, RawJson? Annotations, IReadOnlyList<string> Tags, bool IsActive,
    string AuthType, string? AuthValue, string? GatewayId,
    string? TeamId, string OwnerEmail, string Visibility, string? CreatedBy, DateTime CreatedAt, DateTime UpdatedAt) : IExportedEntity;

public sealed record ExportedGateway(
    string Id, string Name, string Url, string? Description, string Transport, RawJson? Capabilities, IReadOnlyList<string> PassthroughHeaders,
    IReadOnlyList<string> Tags, bool IsActive, string AuthType, string? AuthValue,
    string? TeamId, string OwnerEmail, string Visibility, string? CreatedBy, DateTime CreatedAt, DateTime UpdatedAt) : IExportedEntity;

public sealed record ExportedServer(
    string Id, string Name, string? Description, string? Icon, IReadOnlyList<string> ToolIds, IReadOnlyList<string> AssociatedTools,
    IReadOnlyList<string> AssociatedResources, IReadOnlyList<string> AssociatedPrompts, IReadOnlyList<string> Tags, bool IsActive, bool ExposeOriginalNames,
    string? TeamId, string OwnerEmail, string Visibility, string? CreatedBy, DateTime CreatedAt, DateTime UpdatedAt) : IExportedEntity;

public sealed record ExportedPrompt(
    string Id, string Name, string? Template, string? Description, RawJson Arguments, RawJson InputSchema, IReadOnlyList<string> Tags, bool IsActive,
    string? GatewayId, string? TeamId, string OwnerEmail, string Visibility, string? CreatedBy, DateTime CreatedAt, DateTime UpdatedAt) : IExportedEntity;

public sealed record ExportedResource(
    string Id, string Name, string Uri, string? Template, string? Description, string? MimeType, string? Content, IReadOnlyList<string> Tags,
    bool IsActive, string? GatewayId, string? TeamId, string OwnerEmail, string Visibility, string? CreatedBy, DateTime CreatedAt, DateTime UpdatedAt)
    : IExportedEntity;
