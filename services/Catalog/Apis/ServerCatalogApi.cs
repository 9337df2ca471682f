using McpGateway.Catalog.Catalogs;
using McpGateway.Catalog.Model;
using McpGateway.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace McpGateway.Catalog.Apis;

/// <summary>
/// The server catalog (`/catalog`): known MCP servers to browse, and `POST /catalog/{id}/add` to register one as a
/// gateway in one call (in the caller's personal team unless a team is given, with any credentials the body carries).
/// </summary>
public static class ServerCatalogApi
{
    public static RouteGroupBuilder MapServerCatalogApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/catalog").RequireAuthorization().WithTags("Server catalog");
        api.MapGet("/", ListCatalog).WithSummary("Known MCP servers: search, category, auth_type, tags, skip/limit");
        api.MapGet("/{id}", GetCatalogEntry);
        api.MapPost("/{id}/add", AddCatalogEntry).WithSummary("Register a catalog server as a gateway").AddEndpointFilter(async (context, next) =>
        {
            context.HttpContext.Response.Headers.CacheControl = "no-store";
            return await next(context);
        });
        return api;
    }

    public sealed record CatalogQuery(
        [FromQuery(Name = "search")] string? Search,
        [FromQuery(Name = "category")] string? Category,
        [FromQuery(Name = "auth_type")] string? AuthType,
        [FromQuery(Name = "tags")] string? Tags,
        [FromQuery(Name = "skip")] int? Skip,
        [FromQuery(Name = "limit")] int? Limit);

    /// <summary>ContextForge's catalog list: the servers of this page, the total matching, and the categories and auth types to filter by.</summary>
    public sealed record CatalogPage(IReadOnlyList<ServerCatalogEntry> Servers, int Total, int Skip, int Limit, IReadOnlyList<string> Categories,
        IReadOnlyList<string> AuthTypes);

    /// <summary>What `POST /catalog/{id}/add` may carry: a name, team and visibility of the new gateway, and its credentials.</summary>
    public sealed record AddRequest(
        string? Name = null,
        string? TeamId = null,
        string? Visibility = null,
        string? AuthType = null,
        string? AuthUsername = null,
        string? AuthPassword = null,
        string? AuthToken = null,
        string? AuthHeaderKey = null,
        string? AuthHeaderValue = null,
        IReadOnlyList<HeaderPair>? AuthHeaders = null,
        OAuthConfigRequest? OAuthConfig = null,
        string? ApiKey = null);

    public static async Task<Ok<CatalogPage>> ListCatalog([AsParameters] CatalogQuery query, ServerCatalogs catalogs, CancellationToken cancellationToken)
    {
        var all = await EntriesAsync(catalogs, cancellationToken);
        var search = Input.Text("search", query.Search, 200);
        var tags = query.Tags?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        var matching = all.Where(e =>
                (search is null || e.Name.Contains(search, StringComparison.OrdinalIgnoreCase) || (e.Description?.Contains(search, StringComparison.OrdinalIgnoreCase) ?? false))
                && (query.Category is null || string.Equals(e.Category, query.Category, StringComparison.OrdinalIgnoreCase))
                && (query.AuthType is null || string.Equals(e.AuthType, query.AuthType, StringComparison.OrdinalIgnoreCase))
                && (tags.Length == 0 || tags.Any(t => e.Tags.Contains(t, StringComparer.OrdinalIgnoreCase))))
            .OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase).ThenBy(e => e.Id, StringComparer.Ordinal).ToList();
        var skip = query.Skip ?? 0;
        var limit = query.Limit ?? 100;
        if (skip < 0 || limit is < 1 or > 500)
        {
            throw ProblemException.BadRequest("limit", "'skip' must be 0 or more and 'limit' between 1 and 500.");
        }
        return TypedResults.Ok(new CatalogPage(matching.Skip(skip).Take(limit).ToList(), matching.Count, skip, limit,
            all.Select(e => e.Category).OfType<string>().Distinct().Order().ToList(), all.Select(e => e.AuthType).Distinct().Order().ToList()));
    }

    public static async Task<Ok<ServerCatalogEntry>> GetCatalogEntry(string id, ServerCatalogs catalogs, CancellationToken cancellationToken) =>
        TypedResults.Ok(await FindAsync(id, catalogs, cancellationToken));

    /// <summary>
    /// Registers the catalog server as a gateway with `gateways.create` in the target team. A server that needs an API
    /// key gets it as a bearer token (`api_key`), or whatever credentials the body names with `auth_type`.
    /// </summary>
    public static async Task<Created<GatewayResponse>> AddCatalogEntry(string id, [FromBody] AddRequest? request, ServerCatalogs catalogs,
        [AsParameters] CatalogServices services, CancellationToken cancellationToken)
    {
        var entry = await FindAsync(id, catalogs, cancellationToken);
        request ??= new AddRequest();
        var authType = request.AuthType ?? (request.ApiKey is not null ? "bearer" : null);
        if (entry.RequiresApiKey && authType is null)
        {
            throw ProblemException.BadRequest("api_key", $"'{entry.Name}' needs credentials: give 'api_key' (sent as a bearer token) or 'auth_type' with its fields.");
        }
        var gateway = await GatewaysApi.NewGatewayAsync(new GatewayRequest(
            Name: request.Name ?? entry.Name, Url: entry.Url, Description: entry.Description, Transport: entry.EffectiveTransport,
            AuthType: authType, AuthUsername: request.AuthUsername, AuthPassword: request.AuthPassword, AuthToken: request.AuthToken ?? request.ApiKey,
            AuthHeaderKey: request.AuthHeaderKey, AuthHeaderValue: request.AuthHeaderValue, AuthHeaders: request.AuthHeaders, OAuthConfig: request.OAuthConfig,
            Tags: [.. entry.Tags, "catalog"], TeamId: request.TeamId, Visibility: request.Visibility), services, cancellationToken);
        services.Db.Gateways.Add(gateway);
        await services.Queries.SaveAsync($"This team already has a gateway named '{gateway.Name}' or at {gateway.Url}.", cancellationToken);
        services.Changes.Publish(EntityKind.Gateways, gateway.Id);
        return TypedResults.Created($"/gateways/{gateway.Id}", GatewayResponse.From(gateway, services.Vault));
    }

    private static async Task<IReadOnlyList<ServerCatalogEntry>> EntriesAsync(ServerCatalogs catalogs, CancellationToken cancellationToken) =>
        catalogs.Enabled
            ? await catalogs.EntriesAsync(cancellationToken)
            : throw ProblemException.NotFound("The server catalog is turned off (MCPGATEWAY_CATALOG_ENABLED=false).");

    private static async Task<ServerCatalogEntry> FindAsync(string id, ServerCatalogs catalogs, CancellationToken cancellationToken) =>
        (await EntriesAsync(catalogs, cancellationToken)).FirstOrDefault(e => e.Id == id)
        ?? throw ProblemException.NotFound($"The server catalog has no server '{id}'.");
}
