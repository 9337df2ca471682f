using McpGateway.Admin.Extensions;
using McpGateway.Admin.Infrastructure;
using McpGateway.Admin.Model;
using Microsoft.AspNetCore.Mvc;

namespace McpGateway.Admin.Pages;

/// <summary>
/// Virtual servers (`/servers`): list (paged and filtered by the API), and compose one from the tools, resources and
/// prompts the user may see. Each choice list is a page the API searched (name, tags) and paged: with thousands of tools
/// the form shows one page and carries the choices made on others. Paging or searching a list posts the form to
/// <c>Pick</c>, which renders it again with everything typed and chosen so far.
/// </summary>
public sealed class VirtualServersModel(GatewayApi api, AdminSettings settings) : AdminPage(api)
{
    public const int ChoicesPerPage = 50;

    public IReadOnlyList<ServerSummary> Servers { get; private set; } = [];
    public Paging Pager { get; private set; } = null!;
    public IReadOnlyList<MemberPicker> Pickers { get; private set; } = [];
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
    [BindProperty] public string? ToolSearch { get; set; }
    [BindProperty] public string? ResourceSearch { get; set; }
    [BindProperty] public string? PromptSearch { get; set; }
    [BindProperty] public int ToolSkip { get; set; }
    [BindProperty] public int ResourceSkip { get; set; }
    [BindProperty] public int PromptSkip { get; set; }

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

    /// <summary>A picker's button: `tools:next`, `resources:previous`, `prompts:search`, ... The rest of the form is kept.</summary>
    public async Task<IActionResult> OnPostPickAsync(string? move, CancellationToken cancellationToken)
    {
        var (kind, direction) = move?.Split(':') is [var k, var d] ? (k, d) : ("", "");
        switch (kind)
        {
            case "tools": ToolSkip = MemberPicker.SkipAfter(direction, ToolSkip, ChoicesPerPage); break;
            case "resources": ResourceSkip = MemberPicker.SkipAfter(direction, ResourceSkip, ChoicesPerPage); break;
            case "prompts": PromptSkip = MemberPicker.SkipAfter(direction, PromptSkip, ChoicesPerPage); break;
        }
        // Rendered as the POST's answer: what was typed stays in the form, nothing is saved.
        await LoadAsync(null, null, cancellationToken);
        return SessionEnded ? SignInAgain() : Page();
    }

    private async Task LoadAsync(int? skip, int? limit, CancellationToken cancellationToken)
    {
        var (s, l) = Paging.Clamp(skip, limit, settings.PageSize);
        var servers = Api.GetAsync<ServerPage>($"/servers?include_pagination=true&skip={s}&limit={l}" + Filter("tags", Tags) + Filter("visibility", Visibility), cancellationToken);
        var tools = Api.GetAsync<MemberPage>(PickerQuery("tools", ToolSearch, ToolSkip), cancellationToken);
        var resources = Api.GetAsync<MemberPage>(PickerQuery("resources", ResourceSearch, ResourceSkip), cancellationToken);
        var prompts = Api.GetAsync<MemberPage>(PickerQuery("prompts", PromptSearch, PromptSkip), cancellationToken);
        var teams = Api.GetAsync<TeamList>("/teams?limit=200", cancellationToken);
        var list = ValueOrProblem(await servers);
        Servers = list?.Items ?? [];
        Pickers =
        [
            Picker("tools", "Tools", "Tool", ToolSearch, ToolSkip, ToolIds, await tools),
            Picker("resources", "Resources", "Resource", ResourceSearch, ResourceSkip, ResourceIds, await resources),
            Picker("prompts", "Prompts", "Prompt", PromptSearch, PromptSkip, PromptIds, await prompts),
        ];
        Teams = (await teams).Value?.Teams ?? [];
        Pager = new Paging(s, l, Servers.Count, list?.Total, new Dictionary<string, string?>
        {
            ["tags"] = Tags,
            ["visibility"] = Visibility,
            ["memberTags"] = MemberTags,
        });
    }

    private string PickerQuery(string kind, string? search, int skip) =>
        $"/{kind}?include_pagination=true&skip={Math.Max(0, skip)}&limit={ChoicesPerPage}" + Filter("tags", MemberTags) + Filter("search", search);

    private MemberPicker Picker(string kind, string legend, string fieldPrefix, string? search, int skip, List<string> chosen, ApiResult<MemberPage> result)
    {
        var page = ValueOrProblem(result);
        return new MemberPicker(kind, legend, fieldPrefix, search, Math.Max(0, skip), ChoicesPerPage, page?.Items ?? [], page?.Total, chosen);
    }
}
