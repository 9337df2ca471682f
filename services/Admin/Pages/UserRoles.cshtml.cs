using McpGateway.Admin.Infrastructure;
using McpGateway.Admin.Model;
using Microsoft.AspNetCore.Mvc;

namespace McpGateway.Admin.Pages;

/// <summary>One user's role assignments (teams' RBAC): assign and revoke, platform roles included.</summary>
public sealed class UserRolesModel(GatewayApi api) : AdminPage(api)
{
    [BindProperty(SupportsGet = true)] public string Email { get; set; } = "";

    public IReadOnlyList<RoleAssignment> Assignments { get; private set; } = [];
    public IReadOnlyList<Role> Roles { get; private set; } = [];

    private string AssignmentsPath => $"/rbac/users/{Uri.EscapeDataString(Email)}/roles";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return SessionEnded ? SignInAgain() : Page();
    }

    public async Task<IActionResult> OnPostAssignAsync(string roleId, string scope, string? scopeId, CancellationToken cancellationToken)
    {
        var assigned = Api.PostAsync(AssignmentsPath,
            new { role_id = roleId, scope, scope_id = string.IsNullOrWhiteSpace(scopeId) ? null : scopeId.Trim() }, cancellationToken);
        return await AfterAsync(assigned, "Role assigned.", cancellationToken);
    }

    public async Task<IActionResult> OnPostRevokeAsync(string roleId, string? scope, string? scopeId, CancellationToken cancellationToken)
    {
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString($"{AssignmentsPath}/{Uri.EscapeDataString(roleId)}",
            new Dictionary<string, string?> { ["scope"] = scope, ["scope_id"] = scopeId }.Where(p => !string.IsNullOrEmpty(p.Value)));
        return await AfterAsync(Api.DeleteAsync(query, cancellationToken), "Role revoked.", cancellationToken);
    }

    private Task<IActionResult> AfterAsync<T>(Task<ApiResult<T>> change, string done, CancellationToken cancellationToken) =>
        ChangeAsync(change, done, () => LoadAsync(cancellationToken), new { email = Email });

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var assignments = Api.GetAsync<List<RoleAssignment>>(AssignmentsPath, cancellationToken);
        var roles = Api.GetAsync<List<Role>>("/rbac/roles", cancellationToken);
        Assignments = ValueOrProblem(await assignments) ?? [];
        Roles = ValueOrProblem(await roles) ?? [];
    }
}
