using System.Text;
using System.Text.Json;
using McpGateway.Catalog.Apis;
using McpGateway.Catalog.Infrastructure;
using McpGateway.Catalog.Model;
using McpGateway.Catalog.Security;
using McpGateway.ServiceDefaults.Authentication;
using McpGateway.ServiceDefaults.Data;
using McpGateway.ServiceDefaults.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace McpGateway.Catalog.Transfer;

/// <summary>What to export: entity types (all but `teams` by default), tags (any of them), inactive ones too (the default: a backup is whole).</summary>
public sealed record ExportRequest(IReadOnlyList<string>? Types, IReadOnlyList<string>? ExcludeTypes, IReadOnlyList<string>? Tags, bool IncludeInactive, string? Passphrase);

/// <summary>
/// The catalog as the caller may see it, in ContextForge's export format: every entity the caller may see (a platform
/// admin: everything), with its tenancy and associations, and its credentials re-encrypted for the export
/// (<see cref="ExportCipher"/>), never in clear.
/// </summary>
public sealed class ExportService(CatalogContext db, CatalogAccess access, ServerAssociations associations, CredentialVault vault, SecretProtector protector,
    IOptions<TokenAuthenticationOptions> tokens, TimeProvider time)
{
    /// <summary>The MCP protocol revision an export names as its `version`, as ContextForge's do.</summary>
    public const string FormatVersion = "2025-11-25";
    public static readonly IReadOnlyList<string> EntityTypes = ["tools", "gateways", "servers", "prompts", "resources"];

    public async Task<ExportDocument> ExportAsync(ExportRequest request, CancellationToken cancellationToken)
    {
        var types = SelectedTypes(request);
        var cipher = ExportCipher.ForExport(request.Passphrase, protector);
        var tags = Fields.Tags(request.Tags);

        var gateways = types.Contains("gateways") ? await LoadAsync<Gateway>(request, tags, cancellationToken) : null;
        var tools = types.Contains("tools") ? await LoadAsync<Tool>(request, tags, cancellationToken) : null;
        var resources = types.Contains("resources") ? await LoadAsync<Resource>(request, tags, cancellationToken) : null;
        var prompts = types.Contains("prompts") ? await LoadAsync<Prompt>(request, tags, cancellationToken) : null;
        var servers = types.Contains("servers") ? await LoadAsync<Server>(request, tags, cancellationToken) : null;
        var members = servers is null ? [] : await associations.VisibleMembersAsync(servers.Select(s => s.Id).ToList(), cancellationToken);

        var entities = new ExportEntities(
            tools?.Select(t => new ExportedTool(t.Id, t.Name, t.OriginalName, t.DisplayName, t.Url, t.IntegrationType, t.RequestType, t.Description,
                RawJson.From(t.Headers), new RawJson(t.InputSchema), RawJson.From(t.OutputSchema), RawJson.From(t.Annotations), t.Tags, t.Enabled,
                t.AuthType, Seal(cipher, t.AuthType, t.AuthValue), t.GatewayId, t.TeamId, t.OwnerEmail, Names.Of(t.Visibility), t.CreatedBy, t.CreatedAt, t.UpdatedAt)).ToList(),
            gateways?.Select(g => new ExportedGateway(g.Id, g.Name, g.Url, g.Description, g.Transport, RawJson.From(g.Capabilities), g.PassthroughHeaders,
                g.Tags, g.Enabled, g.AuthType, Seal(cipher, g.AuthType, g.AuthValue), g.TeamId, g.OwnerEmail, Names.Of(g.Visibility), g.CreatedBy, g.CreatedAt, g.UpdatedAt)).ToList(),
            servers?.Select(s => new ExportedServer(s.Id, s.Name, s.Description, s.Icon, members[s.Id].Tools, members[s.Id].Tools, members[s.Id].Resources,
                members[s.Id].Prompts, s.Tags, s.Enabled, s.ExposeOriginalNames, s.TeamId, s.OwnerEmail, Names.Of(s.Visibility), s.CreatedBy, s.CreatedAt, s.UpdatedAt)).ToList(),
            prompts?.Select(p => new ExportedPrompt(p.Id, p.Name, p.Template, p.Description, new RawJson(p.Arguments), new RawJson(InputSchemaOf(p.Arguments)),
                p.Tags, p.Enabled, p.GatewayId, p.TeamId, p.OwnerEmail, Names.Of(p.Visibility), p.CreatedBy, p.CreatedAt, p.UpdatedAt)).ToList(),
            resources?.Select(r => new ExportedResource(r.Id, r.Name, r.Uri, r.UriTemplate, r.Description, r.MimeType, r.Content, r.Tags, r.Enabled,
                r.GatewayId, r.TeamId, r.OwnerEmail, Names.Of(r.Visibility), r.CreatedBy, r.CreatedAt, r.UpdatedAt)).ToList(),
            await TeamsAsync([.. Teams(gateways), .. Teams(tools), .. Teams(resources), .. Teams(prompts), .. Teams(servers)], cancellationToken));

        var counts = new Dictionary<string, int>
        {
            ["tools"] = entities.Tools?.Count ?? 0,
            ["gateways"] = entities.Gateways?.Count ?? 0,
            ["servers"] = entities.Servers?.Count ?? 0,
            ["prompts"] = entities.Prompts?.Count ?? 0,
            ["resources"] = entities.Resources?.Count ?? 0,
            ["teams"] = entities.Teams.Count,
        };
        var dependencies = new ExportDependencies(
            (entities.Servers ?? []).Where(s => s.AssociatedTools.Count > 0).ToDictionary(s => s.Name, s => s.AssociatedTools),
            (entities.Servers ?? []).Where(s => s.AssociatedResources.Count > 0).ToDictionary(s => s.Name, s => s.AssociatedResources),
            (entities.Servers ?? []).Where(s => s.AssociatedPrompts.Count > 0).ToDictionary(s => s.Name, s => s.AssociatedPrompts));
        return new ExportDocument(FormatVersion, time.GetUtcNow().UtcDateTime, access.Principal, tokens.Value.Issuer, "AES-256-GCM", cipher.Description,
            entities, new ExportMetadata(counts, dependencies, new ExportOptions(request.IncludeInactive, true, types, tags)));
    }

    private static List<string> SelectedTypes(ExportRequest request)
    {
        foreach (var type in (request.Types ?? []).Concat(request.ExcludeTypes ?? []))
        {
            if (!EntityTypes.Contains(type) && type != "roots")
            {
                throw ProblemException.BadRequest("types", $"Unknown entity type '{type}': use {string.Join(", ", EntityTypes)}.");
            }
        }
        var selected = request.Types is { Count: > 0 } wanted ? EntityTypes.Where(wanted.Contains) : EntityTypes;
        return selected.Where(t => request.ExcludeTypes?.Contains(t) != true).ToList();
    }

    private async Task<List<T>> LoadAsync<T>(ExportRequest request, List<string> tags, CancellationToken cancellationToken) where T : CatalogEntity
    {
        var query = db.Set<T>().AsNoTracking().Where(access.Visible<T>());
        if (!request.IncludeInactive)
        {
            query = query.Where(e => e.Enabled);
        }
        var entities = await query.OrderBy(e => e.Name).ThenBy(e => e.Id).ToListAsync(cancellationToken);
        return tags.Count == 0 ? entities : entities.Where(e => e.Tags.Any(tags.Contains)).ToList();
    }

    /// <summary>The entity's credentials re-encrypted for the export; null when it has none, or when they cannot be read here.</summary>
    private string? Seal(ExportCipher cipher, string authType, string? authValue) =>
        authValue is not null && vault.TryOpen(authType, authValue) is { } credentials
            ? cipher.Encrypt(JsonSerializer.SerializeToUtf8Bytes(credentials, CredentialJson.Options))
            : null;

    private static IEnumerable<string> Teams<T>(IEnumerable<T>? entities) where T : CatalogEntity =>
        (entities ?? []).Select(e => e.TeamId).OfType<string>();

    private async Task<List<ExportedTeam>> TeamsAsync(IReadOnlyCollection<string> teamIds, CancellationToken cancellationToken)
    {
        var ids = teamIds.Distinct().ToList();
        var known = await db.TeamReferences.AsNoTracking().Where(t => ids.Contains(t.TeamId)).ToDictionaryAsync(t => t.TeamId, cancellationToken);
        return ids.Order(StringComparer.Ordinal)
            .Select(id => known.TryGetValue(id, out var team) ? new ExportedTeam(id, team.Name, team.Slug, team.IsPersonal) : new ExportedTeam(id, null, null, false))
            .ToList();
    }

    /// <summary>ContextForge's view of a prompt's arguments: a JSON Schema of string properties.</summary>
    private static string InputSchemaOf(string argumentsJson)
    {
        using var arguments = JsonDocument.Parse(argumentsJson);
        using var schema = new MemoryStream();
        using (var writer = new Utf8JsonWriter(schema))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "object");
            writer.WriteStartObject("properties");
            foreach (var argument in arguments.RootElement.EnumerateArray())
            {
                writer.WriteStartObject(argument.GetProperty("name").GetString()!);
                writer.WriteString("type", "string");
                writer.WriteString("description", argument.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : "");
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
            writer.WriteStartArray("required");
            foreach (var argument in arguments.RootElement.EnumerateArray().Where(a => a.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.True))
            {
                writer.WriteStringValue(argument.GetProperty("name").GetString());
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(schema.ToArray());
    }
}
