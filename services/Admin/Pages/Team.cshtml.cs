using McpGateway.Admin.Extensions;
using McpGateway.Admin.Infrastructure;
using McpGateway.Admin.Model;
using Microsoft.AspNetCore.Mvc;

namespace McpGateway.Admin.Pages;

/// <summary>
/// One team: its members (add, change role, remove), invitations (the link shown once, in the answer to the POST that
/// created it, never stored here; the open ones listed and revoked), join requests (approve, reject), leave and delete.
/// The API decides who may do what.
/// </summary>
public sealed class TeamModel(GatewayApi api, AdminSettings settings) : AdminPage(api)
{
    [FromRoute] public string Id { get; set; } = "";

    public Team? Team { get; private set; }
    public IReadOnlyList<TeamMember> Members { get; private set; } = [];
    public IReadOnlyList<JoinRequest> JoinRequests { get; private set; } = [];
    public IReadOnlyList<Invitation> OpenInvitations { get; private set; } = [];
    public Paging Pager { get; private set; } = null!;
    public Invitation? CreatedInvitation { get; private set; }
    public string? InvitationLink { get; private set; }

    private string TeamPath => $"/teams/{Uri.EscapeDataString(Id)}";

    public async Task<IActionResult> OnGetAsync(int? skip, int? limit, CancellationToken cancellationToken)
    {
        await LoadAsync(skip, limit, cancellationToken);
        if (SessionEnded)
        {
            return SignInAgain();
        }
        if (Team is null && Problem is not null)
        {
            // A team this user may not see is one that does not exist, as the API says: the page says so with its status.
            Response.StatusCode = Problem.Status;
        }
        return Page();
    }

    public Task<IActionResult> OnPostAddAsync(string email, string role, CancellationToken cancellationToken) =>
        ChangeAsync(Api.PostAsync($"{TeamPath}/members", new { email, role }, cancellationToken), $"{email} added.", cancellationToken);

    public Task<IActionResult> OnPostRoleAsync(string email, string role, CancellationToken cancellationToken) =>
        ChangeAsync(Api.PutAsync($"{TeamPath}/members/{Uri.EscapeDataString(email)}", new { role }, cancellationToken), $"{email} is now {role}.", cancellationToken);

    public Task<IActionResult> OnPostRemoveAsync(string email, CancellationToken cancellationToken) =>
        ChangeAsync(Api.DeleteAsync($"{TeamPath}/members/{Uri.EscapeDataString(email)}", cancellationToken), $"{email} removed.", cancellationToken);

    public Task<IActionResult> OnPostApproveAsync(string requestId, CancellationToken cancellationToken) =>
        ChangeAsync(Api.PostAsync($"{TeamPath}/join-requests/{Uri.EscapeDataString(requestId)}/approve", new { }, cancellationToken), "Request approved.", cancellationToken);

    public Task<IActionResult> OnPostRejectAsync(string requestId, CancellationToken cancellationToken) =>
        ChangeAsync(Api.PostAsync($"{TeamPath}/join-requests/{Uri.EscapeDataString(requestId)}/reject", new { }, cancellationToken), "Request rejected.", cancellationToken);

    public Task<IActionResult> OnPostRevokeInvitationAsync(string invitationId, string email, CancellationToken cancellationToken) =>
        ChangeAsync(Api.DeleteAsync($"{TeamPath}/invitations/{Uri.EscapeDataString(invitationId)}", cancellationToken),
            $"The invitation of {email} was revoked.", cancellationToken);

    public async Task<IActionResult> OnPostLeaveAsync(CancellationToken cancellationToken)
    {
        var left = await Api.PostAsync($"{TeamPath}/leave", new { }, cancellationToken);
        if (!left.Succeeded)
        {
            await LoadAsync(null, null, cancellationToken);
            return PageWithProblem(left.Problem!);
        }
        Notice = "You left the team.";
        return RedirectToPage("/TeamList");
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken)
    {
        var deleted = await Api.DeleteAsync(TeamPath, cancellationToken);
        if (!deleted.Succeeded)
        {
            await LoadAsync(null, null, cancellationToken);
            return PageWithProblem(deleted.Problem!);
        }
        Notice = "Team deleted.";
        return RedirectToPage("/TeamList");
    }

    /// <summary>The invitation's token is in this answer only: rendered now, with no-store, and not kept anywhere.</summary>
    public async Task<IActionResult> OnPostInviteAsync(string email, string role, CancellationToken cancellationToken)
    {
        var invited = await Api.PostAsync<Invitation>($"{TeamPath}/invitations", new { email, role }, cancellationToken);
        await LoadAsync(null, null, cancellationToken);
        if (!invited.Succeeded)
        {
            return PageWithProblem(invited.Problem!);
        }
        CreatedInvitation = invited.Value;
        InvitationLink = $"{settings.PublicOrigin}{AdminSettings.PathBase}/invitation?token={Uri.EscapeDataString(invited.Value!.Token ?? "")}";
        return Page();
    }

    private Task<IActionResult> ChangeAsync<T>(Task<ApiResult<T>> change, string done, CancellationToken cancellationToken) =>
        ChangeAsync(change, done, () => LoadAsync(null, null, cancellationToken), new { id = Id });

    private async Task LoadAsync(int? skip, int? limit, CancellationToken cancellationToken)
    {
        var (s, l) = Paging.Clamp(skip, limit, settings.PageSize);
        var team = Api.GetAsync<Team>(TeamPath, cancellationToken);
        var members = Api.GetAsync<List<TeamMember>>($"{TeamPath}/members?skip={s}&limit={l}", cancellationToken);
        var requests = Api.GetAsync<List<JoinRequest>>($"{TeamPath}/join-requests?limit=50", cancellationToken);
        var invitations = Api.GetAsync<List<Invitation>>($"{TeamPath}/invitations?limit=50", cancellationToken);
        Team = ValueOrProblem(await team);
        Members = Team is null ? [] : ValueOrProblem(await members) ?? [];
        // Only owners may list join requests and invitations: a member's 403 here is no problem to show.
        JoinRequests = (await requests).Value ?? [];
        OpenInvitations = (await invitations).Value ?? [];
        Pager = new Paging(s, l, Members.Count, Team?.MemberCount, new Dictionary<string, string?>());
    }
}
