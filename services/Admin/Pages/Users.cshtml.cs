using McpGateway.Admin.Extensions;
using McpGateway.Admin.Infrastructure;
using McpGateway.Admin.Model;
using Microsoft.AspNetCore.Mvc;

namespace McpGateway.Admin.Pages;

/// <summary>
/// User administration (platform admin): the auth API's accounts, searched (email or name) and paged by the API, so the
/// page stays one small query at any size; create, disable/enable, reset a password.
/// </summary>
public sealed class UsersModel(GatewayApi api, AdminSettings settings) : AdminPage(api)
{
    public IReadOnlyList<User> Users { get; private set; } = [];
    public Paging Pager { get; private set; } = null!;

    [BindProperty(SupportsGet = true)] public string? Search { get; set; }

    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? FullName { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public bool IsAdmin { get; set; }

    public async Task<IActionResult> OnGetAsync(int? skip, int? limit, CancellationToken cancellationToken)
    {
        await LoadAsync(skip, limit, cancellationToken);
        return SessionEnded ? SignInAgain() : Page();
    }

    public Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken) =>
        ChangeAsync(Api.PostAsync("/auth/email/admin/users", new { email = Email, password = Password, full_name = FullName, is_admin = IsAdmin }, cancellationToken),
            $"{Email} created.", cancellationToken);

    public Task<IActionResult> OnPostActiveAsync(string email, bool active, CancellationToken cancellationToken) =>
        ChangeAsync(Api.PutAsync(UserPath(email), new { is_active = active }, cancellationToken), $"{email} {(active ? "enabled" : "disabled")}.", cancellationToken);

    public Task<IActionResult> OnPostPasswordAsync(CancellationToken cancellationToken) =>
        ChangeAsync(Api.PutAsync(UserPath(Email ?? ""), new { password = Password }, cancellationToken), $"The password of {Email} was reset.", cancellationToken);

    private static string UserPath(string email) => $"/auth/email/admin/users/{Uri.EscapeDataString(email)}";

    private Task<IActionResult> ChangeAsync<T>(Task<ApiResult<T>> change, string done, CancellationToken cancellationToken) =>
        ChangeAsync(change, done, () => LoadAsync(null, null, cancellationToken));

    private async Task LoadAsync(int? skip, int? limit, CancellationToken cancellationToken)
    {
        var (s, l) = Paging.Clamp(skip, limit, settings.PageSize);
        var list = ValueOrProblem(await Api.GetAsync<UserList>($"/auth/email/admin/users?skip={s}&limit={l}" + Filter("search", Search), cancellationToken));
        Users = list?.Users ?? [];
        Pager = new Paging(s, l, Users.Count, list?.TotalCount, new Dictionary<string, string?> { ["search"] = Search });
    }
}
