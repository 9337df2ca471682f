using McpGateway.Admin.Infrastructure;
using McpGateway.Admin.Model;
using Microsoft.AspNetCore.Mvc;

namespace McpGateway.Admin.Pages;

/// <summary>The RBAC roles (teams service) and what each grants; assignments are per user (<see cref="UserRolesModel"/>).</summary>
public sealed class RolesModel(GatewayApi api) : AdminPage(api)
{
    public IReadOnlyList<Role> Roles { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Roles = ValueOrProblem(await Api.GetAsync<List<Role>>("/rbac/roles", cancellationToken)) ?? [];
        return SessionEnded ? SignInAgain() : Page();
    }
}
