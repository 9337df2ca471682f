using McpGateway.Admin.Extensions;
using McpGateway.Admin.Infrastructure;
using McpGateway.Admin.Model;
using Microsoft.AspNetCore.Mvc;

namespace McpGateway.Admin.Pages;

/// <summary>
/// Virtual servers (`/servers`): list (paged and filtered by the API), and compose one from the tools, resources and
/// prompts the user may see (each choice list filtered by tags on the API, and capped: thousands of checkboxes help nobody).
/// </summary>
public sealed class VirtualServersModel(GatewayApi api, AdminSettings settings) : AdminPage(api)
{
    public const int ChoicesShown = 100;

    public IReadOnlyList<ServerSummary> Servers { get; private set; } = [];
    public Paging Pager { get; private set; } = null!;
    public IReadOnlyList<MemberSummary> ToolChoices { get; private set; } = [];
    public IReadOnlyList<MemberSummary> ResourceChoices { get; private set; } = [];
    public IReadOnlyList<MemberSummary> PromptChoices { get; private set; } = [];
    public IReadOnlyList<Team> Teams { get; private set; } = [];

    [BindProperty(SupportsGet = true)] public string? Tags { get; set; }
    [BindProperty(SupportsGet = true)] public string? Visibility { get; set; }

    /// <summary>Narrows the choice lists to members with any of these tags.</summary>
    [BindProperty(SupportsGet = true)] public string? MemberTags { get; set; }

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? TeamId { get; set; }
    [BindProperty] public string? NewVisibility { get; set; }
    [BindProperty] public List<string> ToolIds { get; set; } = [];
    [BindProperty] public List<string> ResourceIds { get; set; } = [];
    [BindProperty] public List<string> PromptIds { get; set; } = [];

    public async Task<IActionResult> OnGetAsync(int? skip, int? limit, CancellationToken cancellationToken)
    {
        await LoadAsync(skip, limit, cancellationToken);
        return SessionEnded ? SignInAgain() : Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var created = await Api.PostAsync<ServerSummary>("/servers", new
        {
            name = Name,
            description = string.IsNullOrWhiteSpace(Description) ? null : Description,
            team_id = string.IsNullOrWhiteSpace(TeamId) ? null : TeamId,
            visibility = string.IsNullOrWhiteSpace(NewVisibility) ? null : NewVisibility,
            associated_tools = ToolIds,
            associated_resources = ResourceIds,
            associated_prompts = PromptIds,
        }, cancellationToken);
        if (!created.Succeeded)
        {
            await LoadAsync(null, null, cancellationToken);
            return PageWithProblem(created.Problem!);
        }
        Notice = $"Virtual server \"{created.Value!.Name}\" created.";
        return RedirectToPage("/VirtualServer", new { id = created.Value.Id });
    }

    public bool IsChosen(List<string> chosen, string id) => chosen.Contains(id, StringComparer.Ordinal);

    private async Task LoadAsync(int? skip, int? limit, CancellationToken cancellationToken)
    {
        var (s, l) = Paging.Clamp(skip, limit, settings.PageSize);
        var servers = Api.GetAsync<ServerPage>($"/servers?include_pagination=true&skip={s}&limit={l}" + Filter("tags", Tags) + Filter("visibility", Visibility), cancellationToken);
        var choices = $"?include_pagination=true&limit={ChoicesShown}" + Filter("tags", MemberTags);
        var tools = Api.GetAsync<MemberPage>("/tools" + choices, cancellationToken);
        var resources = Api.GetAsync<MemberPage>("/resources" + choices, cancellationToken);
        var prompts = Api.GetAsync<MemberPage>("/prompts" + choices, cancellationToken);
        var teams = Api.GetAsync<TeamList>("/teams?limit=200", cancellationToken);
        var list = ValueOrProblem(await servers);
        Servers = list?.Items ?? [];
        ToolChoices = ValueOrProblem(await tools)?.Items ?? [];
        ResourceChoices = ValueOrProblem(await resources)?.Items ?? [];
        PromptChoices = ValueOrProblem(await prompts)?.Items ?? [];
        Teams = (await teams).Value?.Teams ?? [];
        Pager = new Paging(s, l, Servers.Count, list?.Total, new Dictionary<string, string?>
        {
            ["tags"] = Tags,
            ["visibility"] = Visibility,
            ["memberTags"] = MemberTags,
        });
    }
}
