using McpGateway.Admin.Extensions;
using McpGateway.Admin.Infrastructure;
using McpGateway.Admin.Model;
using Microsoft.AspNetCore.Mvc;

namespace McpGateway.Admin.Pages;

/// <summary>
/// The upstream MCP servers (`/gateways`): list (paged and filtered by the API), register, refresh, delete, and the
/// tools discovered from the one selected. The credential typed at registration goes to the API once and is never
/// rendered back: the form's secret field always starts empty.
/// </summary>
public sealed class GatewaysModel(GatewayApi api, AdminSettings settings) : AdminPage(api)
{
    public static readonly IReadOnlyList<string> Transports = ["streamablehttp", "sse"];
    public static readonly IReadOnlyList<string> AuthTypes = ["none", "bearer", "basic", "authheaders"];

    public IReadOnlyList<GatewaySummary> Gateways { get; private set; } = [];
    public Paging Pager { get; private set; } = null!;

    /// <summary>The gateway whose discovered tools are shown (`?selected=`), and those tools.</summary>
    public GatewaySummary? Selected { get; private set; }
    public IReadOnlyList<ToolSummary> SelectedTools { get; private set; } = [];

    [BindProperty(SupportsGet = true)] public string? Tags { get; set; }
    [BindProperty(SupportsGet = true)] public string? Visibility { get; set; }
    [BindProperty(SupportsGet = true)] public bool IncludeInactive { get; set; }
    [BindProperty(SupportsGet = true, Name = "selected")] public string? SelectedId { get; set; }

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? UpstreamUrl { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? Transport { get; set; }
    [BindProperty] public string? AuthType { get; set; }
    [BindProperty] public string? AuthUsername { get; set; }
    [BindProperty] public string? AuthHeaderKey { get; set; }
    [BindProperty] public string? AuthSecret { get; set; }

    public async Task<IActionResult> OnGetAsync(int? skip, int? limit, CancellationToken cancellationToken)
    {
        await LoadAsync(skip, limit, cancellationToken);
        return SessionEnded ? SignInAgain() : Page();
    }

    public async Task<IActionResult> OnPostRegisterAsync(CancellationToken cancellationToken)
    {
        var created = await Api.PostAsync<GatewaySummary>("/gateways", RegistrationRequest(), cancellationToken);
        AuthSecret = null;
        if (!created.Succeeded)
        {
            await LoadAsync(null, null, cancellationToken);
            return PageWithProblem(created.Problem!);
        }
        Notice = $"Gateway \"{created.Value!.Name}\" registered.";
        return RedirectToPage(new { selected = created.Value.Id });
    }

    public async Task<IActionResult> OnPostRefreshAsync(string gatewayId, CancellationToken cancellationToken)
    {
        var refreshed = await Api.PostAsync<RefreshResult>($"/gateways/{Uri.EscapeDataString(gatewayId)}/refresh", body: null, cancellationToken);
        if (!refreshed.Succeeded)
        {
            SelectedId = gatewayId;
            await LoadAsync(null, null, cancellationToken);
            return PageWithProblem(refreshed.Problem!);
        }
        var found = refreshed.Value!;
        Notice = $"Refreshed: {found.Tools} tools, {found.Resources} resources, {found.Prompts} prompts.";
        return RedirectToPage(new { selected = gatewayId });
    }

    public Task<IActionResult> OnPostDeleteAsync(string gatewayId, CancellationToken cancellationToken) =>
        ChangeAsync(Api.DeleteAsync($"/gateways/{Uri.EscapeDataString(gatewayId)}", cancellationToken), "Gateway deleted.",
            () => LoadAsync(null, null, cancellationToken));

    /// <summary>The API's flat credential fields: the one secret box fills the field the chosen auth type reads.</summary>
    private object RegistrationRequest()
    {
        var authType = string.IsNullOrWhiteSpace(AuthType) ? "none" : AuthType;
        var secret = string.IsNullOrEmpty(AuthSecret) ? null : AuthSecret;
        return new
        {
            name = Name,
            url = UpstreamUrl,
            description = string.IsNullOrWhiteSpace(Description) ? null : Description,
            transport = string.IsNullOrWhiteSpace(Transport) ? null : Transport,
            auth_type = authType,
            auth_token = authType == "bearer" ? secret : null,
            auth_username = authType == "basic" ? AuthUsername : null,
            auth_password = authType == "basic" ? secret : null,
            auth_header_key = authType == "authheaders" ? AuthHeaderKey : null,
            auth_header_value = authType == "authheaders" ? secret : null,
        };
    }

    private async Task LoadAsync(int? skip, int? limit, CancellationToken cancellationToken)
    {
        var (s, l) = Paging.Clamp(skip, limit, settings.PageSize);
        var query = $"/gateways?include_pagination=true&skip={s}&limit={l}&include_inactive={(IncludeInactive ? "true" : "false")}"
            + Filter("tags", Tags) + Filter("visibility", Visibility);
        var list = ValueOrProblem(await Api.GetAsync<GatewayPage>(query, cancellationToken));
        Gateways = list?.Items ?? [];
        Pager = new Paging(s, l, Gateways.Count, list?.Total, new Dictionary<string, string?>
        {
            ["tags"] = Tags,
            ["visibility"] = Visibility,
            ["includeInactive"] = IncludeInactive ? "true" : null,
        });
        if (!string.IsNullOrEmpty(SelectedId))
        {
            var id = Uri.EscapeDataString(SelectedId);
            var gateway = Api.GetAsync<GatewaySummary>($"/gateways/{id}", cancellationToken);
            var tools = Api.GetAsync<ToolPage>($"/tools?include_pagination=true&limit=100&gateway_id={id}", cancellationToken);
            Selected = ValueOrProblem(await gateway);
            SelectedTools = ValueOrProblem(await tools)?.Items ?? [];
        }
    }
}
