using McpGateway.Admin.Extensions;
using McpGateway.Admin.Infrastructure;
using McpGateway.Admin.Model;
using Microsoft.AspNetCore.Mvc;

namespace McpGateway.Admin.Pages;

/// <summary>
/// The server catalog (`/catalog`): known MCP servers, searched and paged by the API, and "Add", which registers one as
/// a gateway in the user's personal team (`POST /catalog/{id}/add`). An API key typed for a server that needs one goes
/// to the API once and is never rendered back.
/// </summary>
public sealed class ServerCatalogModel(GatewayApi api, AdminSettings settings) : AdminPage(api)
{
    public IReadOnlyList<ServerCatalogEntry> Servers { get; private set; } = [];
    public IReadOnlyList<string> Categories { get; private set; } = [];
    public IReadOnlyList<string> AuthTypes { get; private set; } = [];
    public Paging Pager { get; private set; } = null!;

    [BindProperty(SupportsGet = true)] public string? Search { get; set; }
    [BindProperty(SupportsGet = true)] public string? Category { get; set; }
    [BindProperty(SupportsGet = true)] public string? AuthType { get; set; }

    public async Task<IActionResult> OnGetAsync(int? skip, int? limit, CancellationToken cancellationToken)
    {
        await LoadAsync(skip, limit, cancellationToken);
        return SessionEnded ? SignInAgain() : Page();
    }

    public async Task<IActionResult> OnPostAddAsync(string entryId, string? name, string? apiKey, int? skip, int? limit, CancellationToken cancellationToken)
    {
        var added = await Api.PostAsync<GatewaySummary>($"/catalog/{Uri.EscapeDataString(entryId)}/add", new
        {
            name = string.IsNullOrWhiteSpace(name) ? null : name.Trim(),
            api_key = string.IsNullOrEmpty(apiKey) ? null : apiKey,
        }, cancellationToken);
        if (!added.Succeeded)
        {
            await LoadAsync(skip, limit, cancellationToken);
            return PageWithProblem(added.Problem!);
        }
        Notice = $"\"{added.Value!.Name}\" added as a gateway.";
        return RedirectToPage("/Gateways", new { selected = added.Value.Id });
    }

    private async Task LoadAsync(int? skip, int? limit, CancellationToken cancellationToken)
    {
        var (s, l) = Paging.Clamp(skip, limit, settings.PageSize);
        var query = $"/catalog?skip={s}&limit={l}" + Filter("search", Search) + Filter("category", Category) + Filter("auth_type", AuthType);
        var page = ValueOrProblem(await Api.GetAsync<ServerCatalogPage>(query, cancellationToken));
        Servers = page?.Servers ?? [];
        Categories = page?.Categories ?? [];
        AuthTypes = page?.AuthTypes ?? [];
        Pager = new Paging(s, l, Servers.Count, page?.Total, new Dictionary<string, string?>
        {
            ["search"] = Search,
            ["category"] = Category,
            ["authType"] = AuthType,
        });
    }
}
