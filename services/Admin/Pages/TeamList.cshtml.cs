using McpGateway.Admin.Extensions;
using McpGateway.Admin.Infrastructure;
using McpGateway.Admin.Model;
using Microsoft.AspNetCore.Mvc;

namespace McpGateway.Admin.Pages;

/// <summary>The caller's teams (every team for the platform admin), paged by the API; create one; ask to join a public one.</summary>
public sealed class TeamListModel(GatewayApi api, AdminSettings settings) : AdminPage(api)
{
    public IReadOnlyList<Team> Teams { get; private set; } = [];
    public IReadOnlyList<DiscoverableTeam> Discoverable { get; private set; } = [];
    public Paging Pager { get; private set; } = null!;
    public bool IsAdminView => IsPlatformAdmin;

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Slug { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? Visibility { get; set; }

    public async Task<IActionResult> OnGetAsync(int? skip, int? limit, CancellationToken cancellationToken)
    {
        await LoadAsync(skip, limit, cancellationToken);
        return SessionEnded ? SignInAgain() : Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var created = await Api.PostAsync<Team>("/teams", new
        {
            name = Name,
            slug = string.IsNullOrWhiteSpace(Slug) ? null : Slug.Trim(),
            description = string.IsNullOrWhiteSpace(Description) ? null : Description,
            visibility = Visibility ?? "private",
        }, cancellationToken);
        if (!created.Succeeded)
        {
            await LoadAsync(null, null, cancellationToken);
            return PageWithProblem(created.Problem!);
        }
        Notice = $"Team \"{created.Value!.Name}\" created.";
        return RedirectToPage("/Team", new { id = created.Value.Id });
    }

    public async Task<IActionResult> OnPostJoinAsync(string teamId, CancellationToken cancellationToken)
    {
        var asked = await Api.PostAsync($"/teams/{Uri.EscapeDataString(teamId)}/join", new { }, cancellationToken);
        if (!asked.Succeeded)
        {
            await LoadAsync(null, null, cancellationToken);
            return PageWithProblem(asked.Problem!);
        }
        Notice = "Your request to join was sent to the team's owners.";
        return RedirectToPage();
    }

    private async Task LoadAsync(int? skip, int? limit, CancellationToken cancellationToken)
    {
        var (s, l) = Paging.Clamp(skip, limit, settings.PageSize);
        var teams = Api.GetAsync<TeamList>($"/teams?skip={s}&limit={l}", cancellationToken);
        var discover = Api.GetAsync<List<DiscoverableTeam>>("/teams/discover?limit=20", cancellationToken);
        var list = ValueOrProblem(await teams);
        Teams = list?.Teams ?? [];
        Discoverable = ValueOrProblem(await discover) ?? [];
        Pager = new Paging(s, l, Teams.Count, list?.Total, new Dictionary<string, string?>());
    }
}
