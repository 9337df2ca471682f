using McpGateway.Catalog.Infrastructure;
using McpGateway.Catalog.Model;
using McpGateway.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Catalog.Apis;

/// <summary>
/// Virtual servers (`/servers`, and the seed's `PUT /admin/servers/{id}`): a chosen set of tools, resources and prompts
/// served as one MCP server. Reads show what the caller may see (a token scoped to one server sees only that one);
/// changes need `servers.create|update|delete` in the server's team.
/// </summary>
public static class ServersApi
{
    private static readonly EntityKind Kind = EntityKind.Servers;

    public static RouteGroupBuilder MapServersApi(this IEndpointRouteBuilder app)
    {
        // The seed's admin path changes a server exactly as PUT /servers/{id} does (a partial update).
        app.MapPut("/admin/servers/{id}", UpdateServer).RequireAuthorization().WithName("UpdateServerAdminPath").WithTags("Servers");

        var api = app.MapGroup("/servers").RequireAuthorization().WithTags("Servers");
        api.MapGet("/", ListServers).WithName("ListServers").WithSummary("The virtual servers the caller may see");
        api.MapPost("/", CreateServer).WithName("CreateServer");
        api.MapGet("/{id}", GetServer).WithName("GetServer");
        api.MapPut("/{id}", UpdateServer).WithName("UpdateServer");
        api.MapDelete("/{id}", DeleteServer);
        api.MapPost("/{id}/toggle", ToggleServer);
        api.MapGet("/{id}/tools", ListServerTools).WithSummary("The server's tools the caller may see");
        api.MapGet("/{id}/resources", ListServerResources).WithSummary("The server's resources the caller may see");
        api.MapGet("/{id}/prompts", ListServerPrompts).WithSummary("The server's prompts the caller may see");
        return api;
    }

    public static async Task<Results<Ok<List<ServerResponse>>, Ok<ListPage<ServerResponse>>>> ListServers(
        [AsParameters] ListQuery query, [AsParameters] CatalogServices services, ServerAssociations associations, CancellationToken cancellationToken)
    {
        services.Access.RequireReadScope(Kind.Read, aboutServers: true);
        var source = services.Queries.Visible<Server>(query);
        if (services.Access.ScopedServerId is { } only)
        {
            source = source.Where(s => s.Id == only);
        }
        var (items, total, skip, limit) = await services.Queries.PageAsync(source, query, cancellationToken);
        var members = await associations.VisibleMembersAsync(items.Select(s => s.Id).ToList(), cancellationToken);
        var servers = items.Select(s => ServerResponse.From(s, members[s.Id])).ToList();
        return total is { } count ? TypedResults.Ok(new ListPage<ServerResponse>(servers, count, skip, limit)) : TypedResults.Ok(servers);
    }

    public static async Task<Ok<ServerResponse>> GetServer(string id, [AsParameters] CatalogServices services, ServerAssociations associations, CancellationToken cancellationToken)
    {
        var server = await FindAsync(id, services, services.Db.Servers.AsNoTracking(), cancellationToken);
        return TypedResults.Ok(ServerResponse.From(server, await associations.VisibleMembersAsync(server.Id, cancellationToken)));
    }

    public static async Task<Created<ServerResponse>> CreateServer(ServerRequest request, [AsParameters] CatalogServices services, ServerAssociations associations,
        CancellationToken cancellationToken)
    {
        var server = new Server { Name = Fields.Name(request.Name), CreatedAt = services.Now, UpdatedAt = services.Now };
        if (request.Id is not null)
        {
            server.Id = ServerId(request.Id);
        }
        services.Placement.PlaceNew(server, Kind, request.TeamId, request.Visibility, request.OwnerEmail);
        await ApplyAsync(server, request, associations, cancellationToken);
        if (await services.Db.Servers.AnyAsync(s => s.Id == server.Id || (s.TeamId == server.TeamId && s.Name == server.Name), cancellationToken))
        {
            throw ProblemException.Conflict(Conflict(server));
        }
        services.Db.Servers.Add(server);
        await services.Queries.SaveAsync(Conflict(server), cancellationToken);
        services.Changes.Publish(Kind, server.Id);
        return TypedResults.Created($"/servers/{server.Id}", ServerResponse.From(server, await associations.VisibleMembersAsync(server.Id, cancellationToken)));
    }

    public static async Task<Ok<ServerResponse>> UpdateServer(string id, ServerRequest request, [AsParameters] CatalogServices services, ServerAssociations associations,
        CancellationToken cancellationToken)
    {
        var server = await FindAsync(id, services, services.Db.Servers.Include(s => s.Tools).Include(s => s.Resources).Include(s => s.Prompts), cancellationToken);
        services.Access.Require(Kind.Update, server.TeamId);
        services.Placement.Move(server, Kind, request.TeamId, request.Visibility, request.OwnerEmail);
        if (request.Name is not null)
        {
            server.Name = Fields.Name(request.Name);
        }
        await ApplyAsync(server, request, associations, cancellationToken);
        if (await services.Db.Servers.AnyAsync(s => s.Id != server.Id && s.TeamId == server.TeamId && s.Name == server.Name, cancellationToken))
        {
            throw ProblemException.Conflict(Conflict(server));
        }
        server.UpdatedAt = services.Now;
        await services.Queries.SaveAsync(Conflict(server), cancellationToken);
        services.Changes.Publish(Kind, server.Id);
        return TypedResults.Ok(ServerResponse.From(server, await associations.VisibleMembersAsync(server.Id, cancellationToken)));
    }

    public static async Task<NoContent> DeleteServer(string id, [AsParameters] CatalogServices services, CancellationToken cancellationToken)
    {
        var server = await FindAsync(id, services, services.Db.Servers, cancellationToken);
        services.Access.Require(Kind.Delete, server.TeamId);
        services.Db.Servers.Remove(server);
        await services.Db.SaveChangesAsync(cancellationToken);
        services.Changes.Publish(Kind, server.Id, deleted: true);
        return TypedResults.NoContent();
    }

    /// <summary>ContextForge answers a server's toggle with the server itself.</summary>
    public static async Task<Ok<ServerResponse>> ToggleServer(string id, bool? activate, [AsParameters] CatalogServices services, ServerAssociations associations,
        CancellationToken cancellationToken)
    {
        var server = await FindAsync(id, services, services.Db.Servers, cancellationToken);
        services.Access.Require(Kind.Update, server.TeamId);
        server.Enabled = activate ?? true;
        server.UpdatedAt = services.Now;
        await services.Db.SaveChangesAsync(cancellationToken);
        services.Changes.Publish(Kind, server.Id);
        return TypedResults.Ok(ServerResponse.From(server, await associations.VisibleMembersAsync(server.Id, cancellationToken)));
    }

    public static async Task<Ok<List<ToolResponse>>> ListServerTools(string id, [FromQuery(Name = "include_inactive")] bool? includeInactive,
        [AsParameters] CatalogServices services, ServerAssociations associations, CancellationToken cancellationToken)
    {
        var server = await FindAsync(id, services, services.Db.Servers.AsNoTracking(), cancellationToken);
        var tools = await associations.VisibleOf<Tool>(server.Id, ServerAssociations.ToolsTable, "tool_id", includeInactive == true)
            .OrderBy(t => t.Name).ThenBy(t => t.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(tools.Select(t => ToolResponse.From(t, services.Vault)).ToList());
    }

    public static async Task<Ok<List<ResourceResponse>>> ListServerResources(string id, [FromQuery(Name = "include_inactive")] bool? includeInactive,
        [AsParameters] CatalogServices services, ServerAssociations associations, CancellationToken cancellationToken)
    {
        var server = await FindAsync(id, services, services.Db.Servers.AsNoTracking(), cancellationToken);
        var resources = await associations.VisibleOf<Resource>(server.Id, ServerAssociations.ResourcesTable, "resource_id", includeInactive == true)
            .OrderBy(r => r.Name).ThenBy(r => r.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(resources.Select(ResourceResponse.From).ToList());
    }

    public static async Task<Ok<List<PromptResponse>>> ListServerPrompts(string id, [FromQuery(Name = "include_inactive")] bool? includeInactive,
        [AsParameters] CatalogServices services, ServerAssociations associations, CancellationToken cancellationToken)
    {
        var server = await FindAsync(id, services, services.Db.Servers.AsNoTracking(), cancellationToken);
        var prompts = await associations.VisibleOf<Prompt>(server.Id, ServerAssociations.PromptsTable, "prompt_id", includeInactive == true)
            .OrderBy(p => p.Name).ThenBy(p => p.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(prompts.Select(PromptResponse.From).ToList());
    }

    /// <summary>A server id given by the caller (ContextForge lets a server be created with its own id).</summary>
    public static string ServerId(string? value)
    {
        var id = Fields.Id("id", value);
        return id.Length <= 64 ? id : throw ProblemException.BadRequest("id", "A server id is at most 64 characters.");
    }

    /// <summary>The server if the caller may see it (and their token is not scoped to another server), else 404.</summary>
    private static async Task<Server> FindAsync(string id, CatalogServices services, IQueryable<Server> source, CancellationToken cancellationToken)
    {
        services.Access.RequireReadScope(Kind.Read, aboutServers: true);
        if (services.Access.ScopedServerId is { } only && only != id)
        {
            throw Security.CatalogAccess.NotFound(Kind.Singular, id);
        }
        return await services.Queries.FindVisibleAsync(source, Kind, id, cancellationToken);
    }

    private static async Task ApplyAsync(Server server, ServerRequest request, ServerAssociations associations, CancellationToken cancellationToken)
    {
        if (request.Description is not null)
        {
            server.Description = Fields.Description(request.Description);
        }
        if (request.Icon is not null)
        {
            server.Icon = Input.Text("icon", request.Icon, UpstreamUrl.MaxLength) is { } icon ? UpstreamUrl.Parse("icon", icon) : null;
        }
        if (request.Tags is not null)
        {
            server.Tags = Fields.Tags(request.Tags);
        }
        if (request.ExposeOriginalNames is { } original)
        {
            server.ExposeOriginalNames = original;
        }
        server.Tools = await associations.ReplaceAsync(server.Tools, request.AssociatedTools, EntityKind.Tools, cancellationToken);
        server.Resources = await associations.ReplaceAsync(server.Resources, request.AssociatedResources, EntityKind.Resources, cancellationToken);
        server.Prompts = await associations.ReplaceAsync(server.Prompts, request.AssociatedPrompts, EntityKind.Prompts, cancellationToken);
        associations.RequireDistinctNames(server);
    }

    private static string Conflict(Server server) => $"A virtual server named '{server.Name}' (or with the id '{server.Id}') already exists in this team.";
}
