using System.Text.Json;
using McpGateway.Catalog.Infrastructure;
using McpGateway.Catalog.Model;
using McpGateway.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Catalog.Apis;

/// <summary>
/// Tools (`/tools`): registered directly (ContextForge's REST tools) or discovered from a gateway (`gateway_id` set).
/// Reads show what the caller may see; changes need `tools.create|update|delete` in the tool's team.
/// </summary>
public static class ToolsApi
{
    private static readonly EntityKind Kind = EntityKind.Tools;
    private const string DefaultInputSchema = """{"type":"object","properties":{}}""";
    private static readonly string[] RestMethods = ["GET", "POST", "PUT", "DELETE", "PATCH"];
    private static readonly string[] McpTransports = ["SSE", "STREAMABLEHTTP"];

    public static RouteGroupBuilder MapToolsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/tools").RequireAuthorization().WithTags("Tools");
        api.MapGet("/", ListTools).WithSummary("The tools the caller may see");
        api.MapPost("/", CreateTool).WithName("CreateTool");
        api.MapGet("/{id}", GetTool).WithName("GetTool");
        api.MapPut("/{id}", UpdateTool);
        api.MapDelete("/{id}", DeleteTool);
        api.MapPost("/{id}/toggle", ToggleTool).WithSummary("Activate (activate=true, the default) or deactivate a tool");
        return api;
    }

    public static async Task<Results<Ok<List<ToolResponse>>, Ok<ListPage<ToolResponse>>>> ListTools(
        [AsParameters] ListQuery query, [FromQuery(Name = "gateway_id")] string? gatewayId, [AsParameters] CatalogServices services, CancellationToken cancellationToken)
    {
        services.Access.RequireReadScope(Kind.Read);
        var source = services.Queries.Visible<Tool>(query);
        if (gatewayId is not null)
        {
            var gateway = Fields.Id("gateway_id", gatewayId);
            source = source.Where(t => t.GatewayId == gateway);
        }
        var (items, total, skip, limit) = await services.Queries.PageAsync(source, query, cancellationToken);
        var tools = items.Select(t => ToolResponse.From(t, services.Vault)).ToList();
        return total is { } count ? TypedResults.Ok(new ListPage<ToolResponse>(tools, count, skip, limit)) : TypedResults.Ok(tools);
    }

    public static async Task<Ok<ToolResponse>> GetTool(string id, [AsParameters] CatalogServices services, CancellationToken cancellationToken)
    {
        services.Access.RequireReadScope(Kind.Read);
        var tool = await services.Queries.FindVisibleAsync(services.Db.Tools.AsNoTracking(), Kind, id, cancellationToken);
        return TypedResults.Ok(ToolResponse.From(tool, services.Vault));
    }

    public static async Task<Created<ToolResponse>> CreateTool(ToolRequest request, [AsParameters] CatalogServices services, CancellationToken cancellationToken)
    {
        var name = ToolName(request.Name);
        var tool = new Tool { Name = name, OriginalName = name, CreatedAt = services.Now, UpdatedAt = services.Now };
        services.Placement.PlaceNew(tool, Kind, request.TeamId, request.Visibility, request.OwnerEmail);
        tool.IntegrationType = request.IntegrationType?.Trim().ToUpperInvariant() ?? "REST";
        if (tool.IntegrationType is not ("REST" or "MCP"))
        {
            throw ProblemException.BadRequest("integration_type", "'integration_type' must be REST or MCP.");
        }
        if (request.GatewayId is not null)
        {
            tool.GatewayId = (await services.Queries.FindVisibleAsync(services.Db.Gateways.AsNoTracking(), EntityKind.Gateways, request.GatewayId, cancellationToken)).Id;
        }
        else if (tool.IntegrationType == "MCP")
        {
            throw ProblemException.BadRequest("gateway_id", "An MCP tool belongs to a gateway: give its gateway_id (or register a REST tool).");
        }
        tool.Url = request.Url is null ? null : UpstreamUrl.Parse("url", request.Url);
        if (tool.IntegrationType == "REST" && tool.Url is null)
        {
            throw ProblemException.BadRequest("url", "A REST tool needs the 'url' to call.");
        }
        tool.InputSchema = DefaultInputSchema;
        Apply(tool, request, services);
        await RequireFreeNameAsync(services, tool, cancellationToken);
        services.Db.Tools.Add(tool);
        await services.Queries.SaveAsync($"A tool named '{tool.Name}' already exists in this team.", cancellationToken);
        services.Changes.Publish(Kind, tool.Id);
        return TypedResults.Created($"/tools/{tool.Id}", ToolResponse.From(tool, services.Vault));
    }

    public static async Task<Ok<ToolResponse>> UpdateTool(string id, ToolRequest request, [AsParameters] CatalogServices services, CancellationToken cancellationToken)
    {
        var tool = await services.Queries.FindVisibleAsync(services.Db.Tools, Kind, id, cancellationToken);
        services.Access.Require(Kind.Update, tool.TeamId);
        services.Placement.Move(tool, Kind, request.TeamId, request.Visibility, request.OwnerEmail);
        if (request.Name is not null)
        {
            tool.Name = ToolName(request.Name);
            if (tool.GatewayId is null)
            {
                // A registered tool has no upstream name of its own; a discovered one keeps the upstream's.
                tool.OriginalName = tool.Name;
                await ExposedNames.RequireDistinctAfterRenameAsync(services.Db, tool, cancellationToken);
            }
        }
        if (request.Url is not null)
        {
            tool.Url = UpstreamUrl.Parse("url", request.Url);
        }
        Apply(tool, request, services);
        await RequireFreeNameAsync(services, tool, cancellationToken);
        tool.UpdatedAt = services.Now;
        await services.Queries.SaveAsync($"A tool named '{tool.Name}' already exists in this team.", cancellationToken);
        services.Changes.Publish(Kind, tool.Id);
        return TypedResults.Ok(ToolResponse.From(tool, services.Vault));
    }

    public static async Task<NoContent> DeleteTool(string id, [AsParameters] CatalogServices services, CancellationToken cancellationToken)
    {
        await services.DeleteAsync(services.Db.Tools, Kind, id, cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<ToggleResponse<ToolResponse>>> ToggleTool(string id, bool? activate, [AsParameters] CatalogServices services, CancellationToken cancellationToken)
    {
        var tool = await services.ToggleAsync(services.Db.Tools, Kind, id, activate, cancellationToken);
        return TypedResults.Ok(new ToggleResponse<ToolResponse>("success", $"Tool {tool.Id} {(tool.Enabled ? "activated" : "deactivated")}",
            ToolResponse.From(tool, services.Vault)));
    }

    /// <summary>MCP's rule for tool names: 1 to 128 of A-Z, a-z, 0-9, `_`, `-`, `.`.</summary>
    public static string ToolName(string? value)
    {
        var name = Fields.Name(value, 128);
        return name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')
            ? name
            : throw ProblemException.BadRequest("name", "A tool name may hold only letters, digits, '_', '-' and '.' (MCP's rule).");
    }

    private static void Apply(Tool tool, ToolRequest request, CatalogServices services)
    {
        if (request.DisplayName is not null)
        {
            tool.DisplayName = Input.Text("display_name", request.DisplayName, Fields.MaxNameLength);
        }
        if (request.Description is not null)
        {
            tool.Description = Fields.Description(request.Description);
        }
        if (request.RequestType is not null || tool.RequestType is null)
        {
            var allowed = tool.IntegrationType == "REST" ? RestMethods : McpTransports;
            // Defaults: POST for a REST tool, STREAMABLEHTTP for an MCP one.
            var requestType = request.RequestType?.Trim().ToUpperInvariant() ?? allowed[1];
            tool.RequestType = allowed.Contains(requestType)
                ? requestType
                : throw ProblemException.BadRequest("request_type", $"'request_type' must be one of {string.Join(", ", allowed)} for a {tool.IntegrationType} tool.");
        }
        if (request.Headers is { } headers && Fields.JsonObject("headers", headers) is { } headersJson)
        {
            if (headers.EnumerateObject().Any(h => h.Value.ValueKind != JsonValueKind.String))
            {
                throw ProblemException.BadRequest("headers", "'headers' maps header names to string values.");
            }
            tool.Headers = headersJson;
        }
        if (Fields.JsonObject("input_schema", request.InputSchema) is { } inputSchema)
        {
            tool.InputSchema = inputSchema;
        }
        if (Fields.JsonObject("output_schema", request.OutputSchema) is { } outputSchema)
        {
            tool.OutputSchema = outputSchema;
        }
        if (Fields.JsonObject("annotations", request.Annotations) is { } annotations)
        {
            tool.Annotations = annotations;
        }
        if (request.Auth is { } auth)
        {
            var credentials = auth.ToCredentialsRequest().ToCredentials();
            tool.AuthType = credentials.Type;
            tool.AuthValue = services.Vault.Seal(credentials);
        }
        if (request.Tags is not null)
        {
            tool.Tags = Fields.Tags(request.Tags);
        }
    }

    private static async Task RequireFreeNameAsync(CatalogServices services, Tool tool, CancellationToken cancellationToken)
    {
        if (await services.Db.Tools.AnyAsync(t => t.TeamId == tool.TeamId && t.Name == tool.Name && t.Id != tool.Id, cancellationToken))
        {
            throw ProblemException.Conflict($"A tool named '{tool.Name}' already exists in this team.");
        }
    }
}
