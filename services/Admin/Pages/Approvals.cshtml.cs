using McpGateway.Admin.Extensions;
using McpGateway.Admin.Infrastructure;
using McpGateway.Admin.Model;
using Microsoft.AspNetCore.Mvc;

namespace McpGateway.Admin.Pages;

/// <summary>SSO sign-ups that wait for the platform admin (SSO_REQUIRE_ADMIN_APPROVAL), paged by the API: approve or reject.</summary>
public sealed class ApprovalsModel(GatewayApi api, AdminSettings settings) : AdminPage(api)
{
    private static readonly string[] Statuses = ["pending", "approved", "rejected", "expired"];

    public IReadOnlyList<PendingApproval> Approvals { get; private set; } = [];
    public Paging Pager { get; private set; } = null!;

    [BindProperty(SupportsGet = true)] public string Status { get; set; } = "pending";

    public async Task<IActionResult> OnGetAsync(int? skip, int? limit, CancellationToken cancellationToken)
    {
        await LoadAsync(skip, limit, cancellationToken);
        return SessionEnded ? SignInAgain() : Page();
    }

    public async Task<IActionResult> OnPostActAsync(string approvalId, string decision, string? reason, CancellationToken cancellationToken)
    {
        var acted = await Api.PostAsync($"/auth/sso/pending-approvals/{Uri.EscapeDataString(approvalId)}/action",
            new { action = decision, reason = string.IsNullOrWhiteSpace(reason) ? null : reason }, cancellationToken);
        if (!acted.Succeeded)
        {
            await LoadAsync(null, null, cancellationToken);
            return PageWithProblem(acted.Problem!);
        }
        Notice = decision == "approve" ? "Approved: the user can sign in now." : "Rejected.";
        return RedirectToPage();
    }

    /// <summary>The API gives no total: a full page means there may be another.</summary>
    private async Task LoadAsync(int? skip, int? limit, CancellationToken cancellationToken)
    {
        Status = Statuses.Contains(Status) ? Status : "pending";
        var (s, l) = Paging.Clamp(skip, limit, settings.PageSize);
        Approvals = ValueOrProblem(await Api.GetAsync<List<PendingApproval>>($"/auth/sso/pending-approvals?status={Status}&skip={s}&limit={l}", cancellationToken)) ?? [];
        Pager = new Paging(s, l, Approvals.Count, null, new Dictionary<string, string?> { ["status"] = Status == "pending" ? null : Status });
    }
}
