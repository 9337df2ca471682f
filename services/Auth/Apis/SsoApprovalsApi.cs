using System.Security.Claims;
using System.Text.Json;
using McpGateway.Auth.Accounts;
using McpGateway.Auth.Infrastructure;
using McpGateway.Auth.Model;
using McpGateway.Auth.Sso;
using McpGateway.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Auth.Apis;

/// <summary>
/// New SSO users waiting for an administrator (SSO_REQUIRE_ADMIN_APPROVAL), platform administrators only. Approving lets
/// the person's next sign-in create the account (with what the provider says then); rejecting refuses their sign-ins.
/// </summary>
public static class SsoApprovalsApi
{
    public static RouteGroupBuilder MapSsoApprovalsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/auth/sso/pending-approvals").WithTags("SSO").RequireAuthorization(TokenAuthenticationDefaults.PlatformAdminPolicy);
        api.MapGet("", ListAsync);
        api.MapPost("/{id}/action", ActAsync);
        return api;
    }

    /// <summary>
    /// The requests with <paramref name="status"/> (default `pending`), oldest first, paged by `skip`/`limit` (at most
    /// 1,000 at once, the default); those past their expiry are `expired`.
    /// </summary>
    public static async Task<Results<Ok<List<PendingApprovalResponse>>, ValidationProblem>> ListAsync(string? status, int? skip, int? limit, AuthContext db,
        TimeProvider time, CancellationToken cancellationToken)
    {
        if (Page.TryCreate(skip, limit, defaultLimit: Page.MaxLimit, out var page) is { } invalidPage)
        {
            return invalidPage;
        }
        if (!Enum.TryParse<ApprovalStatus>(status ?? "pending", ignoreCase: true, out var wanted) || !Enum.IsDefined(wanted) || (status ?? "").Any(char.IsDigit))
        {
            return ApiProblems.Invalid("status", "status is one of pending, approved, rejected, expired.");
        }
        await MarkExpiredAsync(db, time.GetUtcNow().UtcDateTime, cancellationToken);
        var approvals = await db.PendingUserApprovals.AsNoTracking().Where(a => a.Status == wanted).OrderBy(a => a.RequestedAt).ThenBy(a => a.Id)
            .Skip(page.Skip).Take(page.Limit).ToListAsync(cancellationToken);
        return TypedResults.Ok(approvals.Select(PendingApprovalResponse.From).ToList());
    }

    /// <summary>`{action: approve|reject, reason?, notes?}` on a pending request.</summary>
    public static async Task<Results<Ok<PendingApprovalResponse>, ValidationProblem, ProblemHttpResult>> ActAsync(
        string id, ApprovalActionRequest? body, ClaimsPrincipal caller, HttpContext context, AuthContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (body?.Action is not ("approve" or "reject"))
        {
            return ApiProblems.Invalid("action", "action is approve or reject.");
        }
        if (body.Reason is { Length: > 1000 } || body.Notes is { Length: > 1000 })
        {
            return ApiProblems.Invalid("reason", "reason and notes have at most 1,000 characters.");
        }
        if (id.Length > 64 || Security.InputText.HasControlCharacters(id) || await db.PendingUserApprovals.FindAsync([id], cancellationToken) is not { } approval)
        {
            return ApiProblems.NotFound("There is no approval request with this id.");
        }
        var now = time.GetUtcNow().UtcDateTime;
        if (approval.Status == ApprovalStatus.Pending && approval.ExpiresAt <= now)
        {
            await MarkExpiredAsync(db, now, cancellationToken);
            return ApiProblems.Conflict($"This request expired at {approval.ExpiresAt:u}; the person's next sign-in asks again.");
        }
        if (approval.Status != ApprovalStatus.Pending)
        {
            return ApiProblems.Conflict($"This request is already {approval.Status.ToString().ToLowerInvariant()}.");
        }
        var admin = caller.Email() ?? "admin";
        approval.Status = body.Action == "approve" ? ApprovalStatus.Approved : ApprovalStatus.Rejected;
        approval.ApprovedBy = admin;
        approval.ApprovedAt = now;
        approval.RejectionReason = body.Action == "reject" ? body.Reason : null;
        approval.AdminNotes = body.Notes;
        var evt = PasswordSignIn.Event(approval.Email, body.Action == "approve" ? SsoEventTypes.ApprovalApproved : SsoEventTypes.ApprovalRejected, true,
            RequestOrigin.Of(context), now, body.Action == "reject" ? body.Reason : null);
        evt.Details = JsonSerializer.Serialize(new { provider = approval.AuthProvider, by = admin });
        db.AuthEvents.Add(evt);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(PendingApprovalResponse.From(approval));
    }

    /// <summary>Pending requests past their expiry become `expired` (never renewed: the person's next sign-in asks afresh).</summary>
    private static Task<int> MarkExpiredAsync(AuthContext db, DateTime now, CancellationToken cancellationToken) =>
        db.PendingUserApprovals.Where(a => a.Status == ApprovalStatus.Pending && a.ExpiresAt <= now)
            .ExecuteUpdateAsync(a => a.SetProperty(x => x.Status, ApprovalStatus.Expired), cancellationToken);
}

public sealed record ApprovalActionRequest(string? Action, string? Reason, string? Notes);

public sealed record PendingApprovalResponse(string Id, string Email, string? FullName, string AuthProvider, DateTime RequestedAt, DateTime ExpiresAt,
    string Status, string? ApprovedBy, DateTime? ApprovedAt, string? RejectionReason, string? AdminNotes)
{
    public static PendingApprovalResponse From(PendingUserApproval a) => new(a.Id, a.Email, a.FullName, a.AuthProvider, a.RequestedAt, a.ExpiresAt,
        a.Status.ToString().ToLowerInvariant(), a.ApprovedBy, a.ApprovedAt, a.RejectionReason, a.AdminNotes);
}
