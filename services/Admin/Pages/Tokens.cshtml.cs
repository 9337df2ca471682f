using McpGateway.Admin.Extensions;
using McpGateway.Admin.Infrastructure;
using McpGateway.Admin.Model;
using Microsoft.AspNetCore.Mvc;

namespace McpGateway.Admin.Pages;

/// <summary>
/// The user's own API tokens: list (paged by the API), create with limits, revoke. The secret is rendered only in the
/// answer to the creating POST (no-store, and the page replaces that history entry so a reload is a plain GET).
/// </summary>
public sealed class TokensModel(GatewayApi api, AdminSettings settings) : AdminPage(api)
{
    public IReadOnlyList<ApiToken> Tokens { get; private set; } = [];
    public IReadOnlyList<Team> Teams { get; private set; } = [];
    public Paging Pager { get; private set; } = null!;
    public TokenCreated? Created { get; private set; }

    [BindProperty(SupportsGet = true)] public bool IncludeInactive { get; set; }

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public int? ExpiresInDays { get; set; }
    [BindProperty] public string? TeamId { get; set; }
    [BindProperty] public string? ServerId { get; set; }
    [BindProperty] public string? Permissions { get; set; }

    public async Task<IActionResult> OnGetAsync(int? skip, int? limit, CancellationToken cancellationToken)
    {
        await LoadAsync(skip, limit, cancellationToken);
        return SessionEnded ? SignInAgain() : Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var permissions = (Permissions ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var scope = string.IsNullOrWhiteSpace(ServerId) && permissions.Count == 0
            ? null
            : new { server_id = string.IsNullOrWhiteSpace(ServerId) ? null : ServerId.Trim(), permissions };
        var created = await Api.PostAsync<TokenCreated>("/tokens", new
        {
            name = Name,
            description = string.IsNullOrWhiteSpace(Description) ? null : Description,
            expires_in_days = ExpiresInDays,
            team_id = string.IsNullOrWhiteSpace(TeamId) ? null : TeamId,
            scope,
        }, cancellationToken);
        await LoadAsync(null, null, cancellationToken);
        if (!created.Succeeded)
        {
            return PageWithProblem(created.Problem!);
        }
        Created = created.Value;
        return Page();
    }

    public Task<IActionResult> OnPostRevokeAsync(string tokenId, CancellationToken cancellationToken) =>
        ChangeAsync(Api.DeleteAsync($"/tokens/{Uri.EscapeDataString(tokenId)}", cancellationToken), "Token revoked.",
            () => LoadAsync(null, null, cancellationToken));

    private async Task LoadAsync(int? skip, int? limit, CancellationToken cancellationToken)
    {
        var (s, l) = Paging.Clamp(skip, limit, settings.PageSize);
        var tokens = Api.GetAsync<ApiTokenList>($"/tokens?skip={s}&limit={l}&include_inactive={(IncludeInactive ? "true" : "false")}", cancellationToken);
        var teams = Api.GetAsync<TeamList>("/teams?limit=200", cancellationToken);
        var list = ValueOrProblem(await tokens);
        Tokens = list?.Tokens ?? [];
        Teams = (await teams).Value?.Teams ?? [];
        Pager = new Paging(s, l, Tokens.Count, list?.Total,
            new Dictionary<string, string?> { ["includeInactive"] = IncludeInactive ? "true" : null });
    }
}
