using System.Text;
using McpGateway.Catalog.Federation;
using McpGateway.Catalog.Infrastructure;
using McpGateway.Catalog.Model;
using McpGateway.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Catalog.Apis;

/// <summary>
/// Gateways (`/gateways`): the upstream MCP servers an organisation runs, as catalog records with their credentials
/// encrypted at rest. Discovering what they offer belongs to the federation; this is the record. Responses carry
/// `Cache-Control: no-store`, since they describe credentials.
/// </summary>
public static class GatewaysApi
{
    private static readonly EntityKind Kind = EntityKind.Gateways;
    public static readonly IReadOnlyList<string> Transports = ["streamablehttp", "sse"];

    public static RouteGroupBuilder MapGatewaysApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/gateways").RequireAuthorization().WithTags("Gateways")
            .AddEndpointFilter(async (context, next) =>
            {
                context.HttpContext.Response.Headers.CacheControl = "no-store";
                return await next(context);
            });
        api.MapGet("/", ListGateways).WithSummary("The gateways the caller may see");
        api.MapPost("/", CreateGateway).WithName("CreateGateway");
        api.MapGet("/{id}", GetGateway).WithName("GetGateway");
        api.MapPut("/{id}", UpdateGateway);
        api.MapDelete("/{id}", DeleteGateway).WithSummary("Delete a gateway and what was discovered from it");
        api.MapPost("/{id}/toggle", ToggleGateway);
        return api;
    }

    public static async Task<Results<Ok<List<GatewayResponse>>, Ok<ListPage<GatewayResponse>>>> ListGateways(
        [AsParameters] ListQuery query, [AsParameters] CatalogServices services, CancellationToken cancellationToken)
    {
        services.Access.RequireReadScope(Kind.Read);
        var (items, total, skip, limit) = await services.Queries.PageAsync(services.Queries.Visible<Gateway>(query), query, cancellationToken);
        var gateways = items.Select(g => GatewayResponse.From(g, services.Vault)).ToList();
        return total is { } count ? TypedResults.Ok(new ListPage<GatewayResponse>(gateways, count, skip, limit)) : TypedResults.Ok(gateways);
    }

    public static async Task<Ok<GatewayResponse>> GetGateway(string id, [AsParameters] CatalogServices services, CancellationToken cancellationToken)
    {
        services.Access.RequireReadScope(Kind.Read);
        var gateway = await services.Queries.FindVisibleAsync(services.Db.Gateways.AsNoTracking(), Kind, id, cancellationToken);
        return TypedResults.Ok(GatewayResponse.From(gateway, services.Vault));
    }

    public static async Task<Created<GatewayResponse>> CreateGateway(GatewayRequest request, [AsParameters] CatalogServices services, CancellationToken cancellationToken)
    {
        var gateway = await NewGatewayAsync(request, services, cancellationToken);
        services.Db.Gateways.Add(gateway);
        await services.Queries.SaveAsync(Conflict(gateway), cancellationToken);
        services.Changes.Publish(Kind, gateway.Id);
        return TypedResults.Created($"/gateways/{gateway.Id}", GatewayResponse.From(gateway, services.Vault));
    }

    /// <summary>A new gateway placed and checked as `POST /gateways` does, not yet added (server catalogs add theirs too).</summary>
    public static async Task<Gateway> NewGatewayAsync(GatewayRequest request, CatalogServices services, CancellationToken cancellationToken)
    {
        var gateway = new Gateway { Name = Fields.Name(request.Name), Url = UpstreamUrl.Parse("url", request.Url), CreatedAt = services.Now, UpdatedAt = services.Now };
        services.Placement.PlaceNew(gateway, Kind, request.TeamId, request.Visibility, request.OwnerEmail);
        Apply(gateway, request, services);
        await RequireFreeAsync(services, gateway, cancellationToken);
        return gateway;
    }

    public static async Task<Ok<GatewayResponse>> UpdateGateway(string id, GatewayRequest request, [AsParameters] CatalogServices services,
        FederationSettings federation, CancellationToken cancellationToken)
    {
        var gateway = await services.Queries.FindVisibleAsync(services.Db.Gateways, Kind, id, cancellationToken);
        services.Access.Require(Kind.Update, gateway.TeamId);
        var slug = gateway.Slug;
        services.Placement.Move(gateway, Kind, request.TeamId, request.Visibility, request.OwnerEmail);
        if (request.Name is not null)
        {
            gateway.Name = Fields.Name(request.Name);
        }
        if (request.Url is not null)
        {
            gateway.Url = UpstreamUrl.Parse("url", request.Url);
        }
        Apply(gateway, request, services);
        await RequireFreeAsync(services, gateway, cancellationToken);
        gateway.UpdatedAt = services.Now;
        if (gateway.Slug != slug)
        {
            await ExposedNames.RenameForSlugAsync(services.Db, gateway, federation, cancellationToken);
        }
        await services.Queries.SaveAsync(Conflict(gateway), cancellationToken);
        services.Changes.Publish(Kind, gateway.Id);
        return TypedResults.Ok(GatewayResponse.From(gateway, services.Vault));
    }

    public static async Task<NoContent> DeleteGateway(string id, [AsParameters] CatalogServices services, CancellationToken cancellationToken)
    {
        await services.DeleteAsync(services.Db.Gateways, Kind, id, cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<ToggleResponse<GatewayResponse>>> ToggleGateway(string id, bool? activate, [AsParameters] CatalogServices services, CancellationToken cancellationToken)
    {
        var gateway = await services.ToggleAsync(services.Db.Gateways, Kind, id, activate, cancellationToken);
        return TypedResults.Ok(new ToggleResponse<GatewayResponse>("success", $"Gateway {gateway.Id} {(gateway.Enabled ? "activated" : "deactivated")}",
            GatewayResponse.From(gateway, services.Vault)));
    }

    /// <summary>`streamablehttp` or `sse`, however ContextForge capitalised it.</summary>
    public static string Transport(string? value)
    {
        var transport = Input.Text("transport", value, 32, required: true)!.ToLowerInvariant();
        return Transports.Contains(transport) ? transport : throw ProblemException.BadRequest("transport", "'transport' must be streamablehttp or sse.");
    }

    /// <summary>The name as it prefixes tool names: lowercase letters, digits and hyphens.</summary>
    public static string Slug(string name)
    {
        var slug = new StringBuilder();
        foreach (var c in name.Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark && slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }
        var text = slug.ToString().Trim('-');
        return text.Length == 0 ? "gateway" : text[..Math.Min(text.Length, 100)].TrimEnd('-');
    }

    private static void Apply(Gateway gateway, GatewayRequest request, CatalogServices services)
    {
        gateway.Slug = Slug(gateway.Name);
        if (request.Description is not null)
        {
            gateway.Description = Fields.Description(request.Description);
        }
        if (request.Transport is not null)
        {
            gateway.Transport = Transport(request.Transport);
        }
        if (request.PassthroughHeaders is not null)
        {
            gateway.PassthroughHeaders = request.PassthroughHeaders
                .Select(h => Input.Text("passthrough_headers", h, 100, required: true)!)
                .Select(h => h.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? h : throw ProblemException.BadRequest("passthrough_headers", $"'{h}' is not a header name."))
                .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        }
        if (request.AuthType is not null)
        {
            var credentials = request.Credentials.ToCredentials();
            gateway.AuthType = credentials.Type;
            gateway.AuthValue = services.Vault.Seal(credentials);
        }
        if (request.Tags is not null)
        {
            gateway.Tags = Fields.Tags(request.Tags);
        }
    }

    private static async Task RequireFreeAsync(CatalogServices services, Gateway gateway, CancellationToken cancellationToken)
    {
        if (await services.Db.Gateways.AnyAsync(g => g.TeamId == gateway.TeamId && g.Id != gateway.Id && (g.Slug == gateway.Slug || g.Url == gateway.Url), cancellationToken))
        {
            throw ProblemException.Conflict(Conflict(gateway));
        }
    }

    private static string Conflict(Gateway gateway) => $"This team already has a gateway named '{gateway.Name}' or at {gateway.Url}.";
}
