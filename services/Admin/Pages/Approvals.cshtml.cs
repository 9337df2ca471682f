using McpGateway.Admin.Infrastructure;
using McpGateway.Admin.Model;
using Microsoft.AspNetCore.Mvc;

namespace McpGateway.Admin.Pages;

/// <summary>SSO sign-ups that wait for the platform admin (SSO_REQUIRE_ADMIN_APPROVAL): approve or reject.</summary>
public sealed class ApprovalsModel(GatewayApi api) : AdminPage(api)
{
    private static readonly string[] Statuses = ["pending", "approved", "rejected", "expired"];

    public IReadOnlyList<PendingApproval> Approvals { get; private set; } = [];

    [BindProperty(SupportsGet = true)] public string Status { get; set; } = "pending";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return SessionEnded ? SignInAgain() : Page();
    }

    public async Task<IActionResult> OnPostActAsync(string approvalId, string decision, string? reason, CancellationToken cancellationToken)
    {
        var acted = await Api.PostAsync($"/auth/sso/pending-approvals/{Uri.EscapeDataString(approvalId)}/action",
            new { action = decision, reason = string.IsNullOrWhiteSpace(reason) ? null : reason }, cancellationToken);
        if (!acted.Succeeded)
        {
            await LoadAsync(cancellationToken);
            return PageWithProblem(acted.Problem!);
        }
        Notice = decision == "approve" ? "Approved: the user can sign in now." : "Rejected.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Status = Statuses.Contains(Status) ? Status : "pending";
        Approvals = ValueOrProblem(await Api.GetAsync<List<PendingApproval>>($"/auth/sso/pending-approvals?status={Status}", cancellationToken)) ?? [];
    }
}
