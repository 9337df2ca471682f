using McpGateway.Admin.Extensions;
using McpGateway.Admin.Infrastructure;
using McpGateway.Admin.Model;
using Microsoft.AspNetCore.Mvc;

namespace McpGateway.Admin.Pages;

/// <summary>The tools the user may see (`/tools`), paged and filtered by the API; each links to its "try it" page.</summary>
public sealed class ToolsModel(GatewayApi api, AdminSettings settings) : AdminPage(api)
{
    public IReadOnlyList<ToolSummary> Tools { get; private set; } = [];
    public Paging Pager { get; private set; } = null!;

    [BindProperty(SupportsGet = true)] public string? Tags { get; set; }
    [BindProperty(SupportsGet = true)] public string? Visibility { get; set; }
    [BindProperty(SupportsGet = true)] public string? GatewayId { get; set; }
    [BindProperty(SupportsGet = true)] public bool IncludeInactive { get; set; }

    public async Task<IActionResult> OnGetAsync(int? skip, int? limit, CancellationToken cancellationToken)
    {
        var (s, l) = Paging.Clamp(skip, limit, settings.PageSize);
        var query = $"/tools?include_pagination=true&skip={s}&limit={l}&include_inactive={(IncludeInactive ? "true" : "false")}"
            + Filter("tags", Tags) + Filter("visibility", Visibility) + Filter("gateway_id", GatewayId);
        var list = ValueOrProblem(await Api.GetAsync<ToolPage>(query, cancellationToken));
        Tools = list?.Items ?? [];
        Pager = new Paging(s, l, Tools.Count, list?.Total, new Dictionary<string, string?>
        {
            ["tags"] = Tags,
            ["visibility"] = Visibility,
            ["gatewayId"] = GatewayId,
            ["includeInactive"] = IncludeInactive ? "true" : null,
        });
        return SessionEnded ? SignInAgain() : Page();
    }
}
