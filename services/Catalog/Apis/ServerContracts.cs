using McpGateway.Catalog.Model;

namespace McpGateway.Catalog.Apis;

/// <summary>
/// A virtual server to create (`POST /servers`) or the fields to change (`PUT /servers/{id}`, `PUT /admin/servers/{id}`:
/// absent fields stay as they are), with ContextForge's names. An association list given replaces the associations
/// the caller can see; ones they cannot see stay. `ExposeOriginalNames` serves its tools and prompts under their upstream
/// names (see <see cref="Server.ExposeOriginalNames"/>).
/// </summary>
public sealed record ServerRequest(
    string? Id = null,
    string? Name = null,
    string? Description = null,
    string? Icon = null,
    IReadOnlyList<string?>? Tags = null,
    IReadOnlyList<string?>? AssociatedTools = null,
    IReadOnlyList<string?>? AssociatedResources = null,
    IReadOnlyList<string?>? AssociatedPrompts = null,
    string? TeamId = null,
    string? OwnerEmail = null,
    string? Visibility = null,
    bool? ExposeOriginalNames = null);

/// <summary>A virtual server; its associations list only what the caller may see.</summary>
public sealed record ServerResponse(
    string Id,
    string Name,
    string? Description,
    string? Icon,
    IReadOnlyList<string> AssociatedTools,
    IReadOnlyList<string> AssociatedResources,
    IReadOnlyList<string> AssociatedPrompts,
    bool Enabled,
    IReadOnlyList<string> Tags,
    string? TeamId,
    string OwnerEmail,
    string Visibility,
    bool ExposeOriginalNames,
    string? CreatedBy,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    public static ServerResponse From(Server server, ServerMembers members) => new(
        server.Id, server.Name, server.Description, server.Icon, members.Tools, members.Resources, members.Prompts, server.Enabled,
        server.Tags, server.TeamId, server.OwnerEmail, Names.Of(server.Visibility), server.ExposeOriginalNames, server.CreatedBy, server.CreatedAt, server.UpdatedAt);
}

/// <summary>The ids of a server's tools, resources and prompts that the caller may see, each sorted.</summary>
public sealed record ServerMembers(IReadOnlyList<string> Tools, IReadOnlyList<string> Resources, IReadOnlyList<string> Prompts)
{
    public static readonly ServerMembers None = new([], [], []);
}
