using System.Text;
using System.Text.Json;
using McpGateway.Catalog.Apis;
using McpGateway.Catalog.Infrastructure;
using McpGateway.Catalog.Model;
using McpGateway.ServiceDefaults.Http;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Catalog.Transfer.Import;

/// <summary>
/// What differs between kinds when importing: how an exported entity's fields become an entity here (checked as the API
/// checks them), what identifies it in its team (its keys), and whether a clash can be solved by renaming.
/// </summary>
internal abstract class EntityImporter(ImportRun run)
{
    protected ImportRun Run { get; } = run;

    public static EntityImporter For(EntityKind kind, ImportRun run) => kind.Plural switch
    {
        "gateways" => new GatewayImporter(run),
        "tools" => new ToolImporter(run),
        "resources" => new ResourceImporter(run),
        "prompts" => new PromptImporter(run),
        _ => new ServerImporter(run),
    };

    public virtual string KeyName => "name";
    public virtual bool CanRename => true;

    public abstract CatalogEntity New();

    /// <summary>Sets the entity's fields from the item; a bad field is a <see cref="ProblemException"/> (this entity fails).</summary>
    public abstract Task ApplyAsync(CatalogEntity entity, ImportItem item, CancellationToken cancellationToken);

    public virtual IEnumerable<string> KeysOf(CatalogEntity entity) => [$"{entity.TeamId}|{entity.Name}"];

    public virtual void Rename(CatalogEntity entity, string name) => entity.Name = name;

    /// <summary>The entities of the target teams (and those without a team) and any with an exported id, tracked for updates.</summary>
    public abstract Task<List<CatalogEntity>> LoadExistingAsync(CatalogContext db, List<string> teams, List<string> sourceIds, CancellationToken cancellationToken);

    protected static async Task<List<CatalogEntity>> LoadAsync<T>(IQueryable<T> set, List<string> teams, List<string> sourceIds, CancellationToken cancellationToken)
        where T : CatalogEntity =>
        [.. await set.Where(e => e.TeamId == null || teams.Contains(e.TeamId) || sourceIds.Contains(e.Id)).ToListAsync(cancellationToken)];

    protected static void ApplyCommon(CatalogEntity entity, ImportItem item)
    {
        entity.Description = Fields.Description(item.String("description"));
        entity.Tags = Fields.Tags(item.Strings("tags"));
        entity.Enabled = item.Bool("enabled", "is_active") ?? true;
    }

    protected (string Type, string? Value) Credentials(ImportItem item)
    {
        var (credentials, problem) = ImportCredentials.Read(item, Run.Cipher);
        if (problem is not null)
        {
            throw ProblemException.BadRequest("auth_value", problem[0..1].ToUpperInvariant() + problem[1..]);
        }
        return (credentials!.Type, Run.Vault.Seal(credentials));
    }
}

internal sealed class GatewayImporter(ImportRun run) : EntityImporter(run)
{
    public override string KeyName => "URL";
    public override CatalogEntity New() => new Gateway();

    public override IEnumerable<string> KeysOf(CatalogEntity entity) =>
        [$"{entity.TeamId}|url:{((Gateway)entity).Url}", $"{entity.TeamId}|slug:{((Gateway)entity).Slug}"];

    public override void Rename(CatalogEntity entity, string name)
    {
        entity.Name = name;
        ((Gateway)entity).Slug = GatewaysApi.Slug(name);
    }

    public override Task ApplyAsync(CatalogEntity entity, ImportItem item, CancellationToken cancellationToken)
    {
        var gateway = (Gateway)entity;
        gateway.Name = Fields.Name(item.String("name"));
        gateway.Slug = GatewaysApi.Slug(gateway.Name);
        gateway.Url = UpstreamUrl.Parse("url", item.String("url"));
        gateway.Transport = GatewaysApi.Transport(item.String("transport") ?? "streamablehttp");
        gateway.PassthroughHeaders = (item.Strings("passthrough_headers") ?? []).Select(h => Input.Text("passthrough_headers", h, 100, required: true)!).Distinct().ToList();
        gateway.Capabilities = item.Element("capabilities") is { ValueKind: JsonValueKind.Object } capabilities && capabilities.EnumerateObject().Any()
            ? Fields.JsonObject("capabilities", capabilities) : gateway.Capabilities;
        ApplyCommon(gateway, item);
        (gateway.AuthType, gateway.AuthValue) = Credentials(item);
        return Task.CompletedTask;
    }

    public override Task<List<CatalogEntity>> LoadExistingAsync(CatalogContext db, List<string> teams, List<string> sourceIds, CancellationToken cancellationToken) =>
        LoadAsync(db.Gateways, teams, sourceIds, cancellationToken);
}

internal sealed class ToolImporter(ImportRun run) : EntityImporter(run)
{
    private static readonly string[] RestMethods = ["GET", "POST", "PUT", "DELETE", "PATCH"];
    private static readonly string[] McpTransports = ["SSE", "STREAMABLEHTTP"];

    public override CatalogEntity New() => new Tool();

    public override void Rename(CatalogEntity entity, string name)
    {
        var tool = (Tool)entity;
        tool.Name = ToolsApi.ToolName(name[..Math.Min(name.Length, 128)]);
        if (tool.GatewayId is null)
        {
            tool.OriginalName = tool.Name;
        }
    }

    public override async Task ApplyAsync(CatalogEntity entity, ImportItem item, CancellationToken cancellationToken)
    {
        var tool = (Tool)entity;
        tool.Name = ToolsApi.ToolName(item.String("name"));
        tool.OriginalName = item.String("original_name") is { } original ? ToolsApi.ToolName(original) : tool.Name;
        tool.DisplayName = Input.Text("display_name", item.String("display_name", "displayName"), Fields.MaxNameLength);
        tool.IntegrationType = item.String("integration_type")?.Trim().ToUpperInvariant() ?? "REST";
        if (tool.IntegrationType is not ("REST" or "MCP"))
        {
            throw ProblemException.BadRequest("integration_type", $"A {tool.IntegrationType} tool cannot be imported: only REST and MCP tools.");
        }
        tool.GatewayId = null;
        if (item.String("gateway_id") is { } gatewayId)
        {
            tool.GatewayId = (await Run.ResolveAsync<Gateway>(EntityKind.Gateways, gatewayId, cancellationToken))?.Id
                ?? throw ProblemException.BadRequest("gateway_id", "Its gateway is neither in the import nor one you can see here.");
        }
        else if (tool.IntegrationType == "MCP")
        {
            throw ProblemException.BadRequest("gateway_id", "An MCP tool without its gateway cannot be imported (it comes back when its gateway is refreshed).");
        }
        var url = item.String("url");
        tool.Url = url is null or "None" or "" ? null : UpstreamUrl.Parse("url", url);
        if (tool.IntegrationType == "REST" && tool.Url is null)
        {
            throw ProblemException.BadRequest("url", "A REST tool needs its 'url'.");
        }
        var allowed = tool.IntegrationType == "REST" ? RestMethods : McpTransports;
        var requestType = item.String("request_type")?.Trim().ToUpperInvariant() ?? allowed[1];
        tool.RequestType = allowed.Contains(requestType) ? requestType
            : throw ProblemException.BadRequest("request_type", $"'{requestType}' is not a request type of a {tool.IntegrationType} tool.");
        tool.Headers = EmptyAsNull(Fields.JsonObject("headers", item.Element("headers")));
        tool.InputSchema = Fields.JsonObject("input_schema", item.Element("input_schema")) ?? """{"type":"object","properties":{}}""";
        tool.OutputSchema = Fields.JsonObject("output_schema", item.Element("output_schema"));
        tool.Annotations = EmptyAsNull(Fields.JsonObject("annotations", item.Element("annotations")));
        ApplyCommon(tool, item);
        (tool.AuthType, tool.AuthValue) = Credentials(item);
    }

    public override Task<List<CatalogEntity>> LoadExistingAsync(CatalogContext db, List<string> teams, List<string> sourceIds, CancellationToken cancellationToken) =>
        LoadAsync(db.Tools, teams, sourceIds, cancellationToken);

    /// <summary>ContextForge exports absent headers and annotations as `{}`; the catalog keeps them absent.</summary>
    private static string? EmptyAsNull(string? json) => json is "{}" ? null : json;
}

internal sealed class ResourceImporter(ImportRun run) : EntityImporter(run)
{
    public override string KeyName => "URI";
    public override bool CanRename => false;
    public override CatalogEntity New() => new Resource();

    public override IEnumerable<string> KeysOf(CatalogEntity entity) =>
        [$"{entity.TeamId}|{((Resource)entity).GatewayId}|{((Resource)entity).Uri}"];

    public override async Task ApplyAsync(CatalogEntity entity, ImportItem item, CancellationToken cancellationToken)
    {
        var resource = (Resource)entity;
        resource.Uri = ResourcesApi.ResourceUri("uri", item.String("uri"))!;
        resource.Name = Fields.Name(item.String("name") ?? resource.Uri[..Math.Min(resource.Uri.Length, Fields.MaxNameLength)]);
        resource.UriTemplate = ResourcesApi.ResourceUri("template", item.String("template", "uri_template"));
        var mimeType = Input.Text("mime_type", item.String("mime_type", "mimeType"), 255);
        resource.MimeType = mimeType is null || mimeType.Contains('/') ? mimeType : throw ProblemException.BadRequest("mime_type", "'mime_type' must look like type/subtype.");
        resource.Content = Input.Text("content", item.String("content"), ResourcesApi.MaxContentLength, multiline: true);
        resource.Size = resource.Content is null ? null : Encoding.UTF8.GetByteCount(resource.Content);
        resource.GatewayId = item.String("gateway_id") is { } gatewayId
            ? (await Run.ResolveAsync<Gateway>(EntityKind.Gateways, gatewayId, cancellationToken))?.Id
              ?? throw ProblemException.BadRequest("gateway_id", "Its gateway is neither in the import nor one you can see here.")
            : null;
        ApplyCommon(resource, item);
    }

    public override Task<List<CatalogEntity>> LoadExistingAsync(CatalogContext db, List<string> teams, List<string> sourceIds, CancellationToken cancellationToken) =>
        LoadAsync(db.Resources, teams, sourceIds, cancellationToken);
}

internal sealed class PromptImporter(ImportRun run) : EntityImporter(run)
{
    public override CatalogEntity New() => new Prompt();

    public override async Task ApplyAsync(CatalogEntity entity, ImportItem item, CancellationToken cancellationToken)
    {
        var prompt = (Prompt)entity;
        prompt.Name = PromptsApi.PromptName(item.String("name", "original_name"));
        prompt.Template = Input.Text("template", item.String("template"), PromptsApi.MaxTemplateLength, multiline: true);
        prompt.Arguments = PromptsApi.Arguments(Arguments(item));
        prompt.GatewayId = item.String("gateway_id") is { } gatewayId
            ? (await Run.ResolveAsync<Gateway>(EntityKind.Gateways, gatewayId, cancellationToken))?.Id
              ?? throw ProblemException.BadRequest("gateway_id", "Its gateway is neither in the import nor one you can see here.")
            : null;
        ApplyCommon(prompt, item);
    }

    public override Task<List<CatalogEntity>> LoadExistingAsync(CatalogContext db, List<string> teams, List<string> sourceIds, CancellationToken cancellationToken) =>
        LoadAsync(db.Prompts, teams, sourceIds, cancellationToken);

    /// <summary>Ours are `arguments`; ContextForge's exports describe them as `input_schema` properties.</summary>
    private static List<PromptArgument> Arguments(ImportItem item)
    {
        if (item.Element("arguments") is { ValueKind: JsonValueKind.Array } arguments)
        {
            return arguments.EnumerateArray().Select(a => a.ValueKind == JsonValueKind.Object
                ? new PromptArgument(
                    a.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null,
                    a.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null,
                    a.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.True)
                : throw ProblemException.BadRequest("arguments", "Each argument must be an object.")).ToList();
        }
        if (item.Element("input_schema") is { ValueKind: JsonValueKind.Object } schema && schema.TryGetProperty("properties", out var properties)
            && properties.ValueKind == JsonValueKind.Object)
        {
            var required = schema.TryGetProperty("required", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()).ToHashSet()
                : [];
            return properties.EnumerateObject().Select(p => new PromptArgument(p.Name,
                p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String && d.GetString() != "" ? d.GetString() : null,
                required.Contains(p.Name))).ToList();
        }
        return [];
    }
}

internal sealed class ServerImporter(ImportRun run) : EntityImporter(run)
{
    public override CatalogEntity New() => new Server();

    public override async Task ApplyAsync(CatalogEntity entity, ImportItem item, CancellationToken cancellationToken)
    {
        var server = (Server)entity;
        server.Name = Fields.Name(item.String("name"));
        server.Icon = item.String("icon") is { Length: > 0 } icon ? UpstreamUrl.Parse("icon", icon) : server.Icon;
        ApplyCommon(server, item);
        // ContextForge's exports have no such field: their servers keep the prefixed names.
        server.ExposeOriginalNames = item.Bool("expose_original_names") ?? false;
        var tools = await MembersAsync<Tool>(EntityKind.Tools, item.Strings("associated_tools") ?? item.Strings("tool_ids"), server.Name, cancellationToken);
        var resources = await MembersAsync<Resource>(EntityKind.Resources, item.Strings("associated_resources"), server.Name, cancellationToken);
        var prompts = await MembersAsync<Prompt>(EntityKind.Prompts, item.Strings("associated_prompts"), server.Name, cancellationToken);
        // Members the importer cannot see stay with an existing server (as in PUT /servers/{id}).
        server.Tools = [.. tools, .. server.Tools.Where(t => !Run.Access.CanSee(t) && !tools.Contains(t))];
        server.Resources = [.. resources, .. server.Resources.Where(r => !Run.Access.CanSee(r) && !resources.Contains(r))];
        server.Prompts = [.. prompts, .. server.Prompts.Where(p => !Run.Access.CanSee(p) && !prompts.Contains(p))];
        Run.RequireDistinctNames(server);
    }

    public override async Task<List<CatalogEntity>> LoadExistingAsync(CatalogContext db, List<string> teams, List<string> sourceIds, CancellationToken cancellationToken) =>
        await LoadAsync(db.Servers.Include(s => s.Tools).Include(s => s.Resources).Include(s => s.Prompts), teams, sourceIds, cancellationToken);

    /// <summary>Each reference by this import's id map, else an id here, else (ContextForge's `tool_ids`) a tool's name; the rest are warned about.</summary>
    private async Task<List<T>> MembersAsync<T>(EntityKind kind, List<string>? references, string serverName, CancellationToken cancellationToken) where T : CatalogEntity
    {
        var members = new List<T>();
        foreach (var reference in (references ?? []).Distinct())
        {
            var member = await Run.ResolveAsync<T>(kind, reference, cancellationToken);
            if (member is null && kind == EntityKind.Tools)
            {
                member = Run.ImportedByName(kind, reference) as T;
            }
            if (member is null)
            {
                Run.Warn($"Server '{serverName}': its {kind.Singular} '{reference}' is neither in the import nor one you can see here; left out.");
            }
            else if (!members.Contains(member))
            {
                members.Add(member);
            }
        }
        return members;
    }
}
