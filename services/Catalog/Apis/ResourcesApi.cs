using System.Text;
using McpGateway.Catalog.Model;
using McpGateway.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Catalog.Apis;

/// <summary>
/// Resources (`/resources`): registered directly with their text content, or discovered from a gateway. Reads show
/// what the caller may see; changes need `resources.create|update|delete` in the resource's team.
/// </summary>
public static class ResourcesApi
{
    private static readonly EntityKind Kind = EntityKind.Resources;
    public const int MaxContentLength = 1024 * 1024;
    private const int MaxUriLength = 2048;

    public static RouteGroupBuilder MapResourcesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/resources").RequireAuthorization().WithTags("Resources");
        api.MapGet("/", ListResources).WithSummary("The resources the caller may see");
        api.MapPost("/", CreateResource).WithName("CreateResource");
        api.MapGet("/{id}", GetResource).WithName("GetResource");
        api.MapPut("/{id}", UpdateResource);
        api.MapDelete("/{id}", DeleteResource);
        api.MapPost("/{id}/toggle", ToggleResource);
        return api;
    }

    public static async Task<Results<Ok<List<ResourceResponse>>, Ok<ListPage<ResourceResponse>>>> ListResources(
        [AsParameters] ListQuery query, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "gateway_id")] string? gatewayId,
        [AsParameters] CatalogServices services, CancellationToken cancellationToken)
    {
        services.Access.RequireReadScope(Kind.Read);
        var source = services.Queries.Visible<Resource>(query);
        if (gatewayId is not null)
        {
            var gateway = Fields.Id("gateway_id", gatewayId);
            source = source.Where(r => r.GatewayId == gateway);
        }
        var (items, total, skip, limit) = await services.Queries.PageAsync(source, query, cancellationToken);
        var resources = items.Select(ResourceResponse.From).ToList();
        return total is { } count ? TypedResults.Ok(new ListPage<ResourceResponse>(resources, count, skip, limit)) : TypedResults.Ok(resources);
    }

    public static async Task<Ok<ResourceResponse>> GetResource(string id, [AsParameters] CatalogServices services, CancellationToken cancellationToken)
    {
        services.Access.RequireReadScope(Kind.Read);
        return TypedResults.Ok(ResourceResponse.From(await services.Queries.FindVisibleAsync(services.Db.Resources.AsNoTracking(), Kind, id, cancellationToken)));
    }

    public static async Task<Created<ResourceResponse>> CreateResource(ResourceRequest request, [AsParameters] CatalogServices services, CancellationToken cancellationToken)
    {
        var resource = new Resource { Uri = ResourceUri("uri", request.Uri)!, CreatedAt = services.Now, UpdatedAt = services.Now };
        resource.Name = request.Name is null ? resource.Uri[..Math.Min(resource.Uri.Length, Fields.MaxNameLength)] : Fields.Name(request.Name);
        services.Placement.PlaceNew(resource, Kind, request.TeamId, request.Visibility, request.OwnerEmail);
        Apply(resource, request);
        await RequireFreeUriAsync(services, resource, cancellationToken);
        services.Db.Resources.Add(resource);
        await services.Db.SaveChangesAsync(cancellationToken);
        services.Changes.Publish(Kind, resource.Id);
        return TypedResults.Created($"/resources/{resource.Id}", ResourceResponse.From(resource));
    }

    public static async Task<Ok<ResourceResponse>> UpdateResource(string id, ResourceRequest request, [AsParameters] CatalogServices services, CancellationToken cancellationToken)
    {
        var resource = await services.Queries.FindVisibleAsync(services.Db.Resources, Kind, id, cancellationToken);
        services.Access.Require(Kind.Update, resource.TeamId);
        services.Placement.Move(resource, Kind, request.TeamId, request.Visibility, request.OwnerEmail);
        if (request.Uri is not null)
        {
            resource.Uri = ResourceUri("uri", request.Uri)!;
        }
        if (request.Name is not null)
        {
            resource.Name = Fields.Name(request.Name);
        }
        Apply(resource, request);
        await RequireFreeUriAsync(services, resource, cancellationToken);
        resource.UpdatedAt = services.Now;
        await services.Db.SaveChangesAsync(cancellationToken);
        services.Changes.Publish(Kind, resource.Id);
        return TypedResults.Ok(ResourceResponse.From(resource));
    }

    public static async Task<NoContent> DeleteResource(string id, [AsParameters] CatalogServices services, CancellationToken cancellationToken)
    {
        await services.DeleteAsync(services.Db.Resources, Kind, id, cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<ToggleResponse<ResourceResponse>>> ToggleResource(string id, bool? activate, [AsParameters] CatalogServices services, CancellationToken cancellationToken)
    {
        var resource = await services.ToggleAsync(services.Db.Resources, Kind, id, activate, cancellationToken);
        return TypedResults.Ok(new ToggleResponse<ResourceResponse>("success", $"Resource {resource.Id} {(resource.Enabled ? "activated" : "deactivated")}",
            ResourceResponse.From(resource)));
    }

    /// <summary>An absolute URI of any scheme (`file:///`, `docs://`, `https://`), or a URI template.</summary>
    public static string? ResourceUri(string field, string? value)
    {
        var text = Input.Text(field, value, MaxUriLength, required: field == "uri");
        if (text is null)
        {
            return null;
        }
        var scheme = text.Split(':', 2)[0];
        if (!text.Contains(':') || scheme.Length == 0 || !char.IsAsciiLetter(scheme[0])
            || !scheme.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.') || text.Any(char.IsWhiteSpace))
        {
            throw ProblemException.BadRequest(field, $"'{field}' must be an absolute URI (scheme:...) without spaces.");
        }
        return text;
    }

    private static void Apply(Resource resource, ResourceRequest request)
    {
        if (request.Description is not null)
        {
            resource.Description = Fields.Description(request.Description);
        }
        if (request.MimeType is not null)
        {
            var mimeType = Input.Text("mime_type", request.MimeType, 255);
            resource.MimeType = mimeType is null || (mimeType.Contains('/') && !mimeType.Any(char.IsWhiteSpace))
                ? mimeType
                : throw ProblemException.BadRequest("mime_type", "'mime_type' must look like type/subtype.");
        }
        if (request.Template is not null)
        {
            resource.UriTemplate = ResourceUri("template", request.Template);
        }
        if (request.Content is not null)
        {
            resource.Content = Input.Text("content", request.Content, MaxContentLength, multiline: true);
            resource.Size = resource.Content is null ? null : Encoding.UTF8.GetByteCount(resource.Content);
        }
        if (request.Tags is not null)
        {
            resource.Tags = Fields.Tags(request.Tags);
        }
    }

    private static async Task RequireFreeUriAsync(CatalogServices services, Resource resource, CancellationToken cancellationToken)
    {
        if (await services.Db.Resources.AnyAsync(r => r.TeamId == resource.TeamId && r.GatewayId == null && r.Uri == resource.Uri && r.Id != resource.Id, cancellationToken))
        {
            throw ProblemException.Conflict($"A resource with the URI '{resource.Uri}' already exists in this team.");
        }
    }
}
