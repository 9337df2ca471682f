using McpGateway.Admin.Infrastructure;
using McpGateway.Admin.Model;
using Microsoft.AspNetCore.Mvc;

namespace McpGateway.Admin.Pages;

/// <summary>The invited user opens the link (signing in first if needed) and accepts; the teams API checks the email.</summary>
public sealed class InvitationModel(GatewayApi api) : AdminPage(api)
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(Token))
        {
            return Page();
        }
        var accepted = await Api.PostAsync<TeamMember>($"/teams/invitations/{Uri.EscapeDataString(Token)}/accept", new { }, cancellationToken);
        if (!accepted.Succeeded)
        {
            return PageWithProblem(accepted.Problem!);
        }
        Notice = "Welcome to the team.";
        return RedirectToPage("/Team", new { id = accepted.Value!.TeamId });
    }
}
