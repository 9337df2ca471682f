using System.Text.Json;
using McpGateway.ServiceDefaults.Authorization;
using McpGateway.Teams.Infrastructure;
using McpGateway.Teams.Model;

namespace McpGateway.Teams.Security;

/// <summary>
/// The teams service's gate on <see cref="PolicyEvaluator"/>: a team the caller may not see is 404 (its existence is not
/// revealed); a permission the caller lacks is 403 and the denial is written to the audit log.
/// </summary>
public sealed class Authorizer(PolicyEvaluator policy, RequestCaller request, TeamsContext db, TimeProvider time)
{
    public Caller Caller => request.Caller;

    public bool CanSeeTeam(string teamId) => policy.CanSeeTeam(request.Caller, teamId);

    /// <summary>404 unless the caller may see the team.</summary>
    public void RequireVisibleTeam(string teamId)
    {
        if (!policy.CanSeeTeam(request.Caller, teamId))
        {
            throw TeamNotFound();
        }
    }

    /// <summary>403 (audited) unless the caller may use <paramref name="permission"/> in <paramref name="teamId"/>.</summary>
    public async Task RequireAsync(string permission, string? teamId, CancellationToken cancellationToken, string? resourceType = null, string? resourceId = null)
    {
        if (!await CheckAsync(permission, teamId, cancellationToken, resourceType, resourceId))
        {
            throw ProblemException.Forbidden(teamId is null
                ? $"You do not have the '{permission}' permission."
                : $"You do not have the '{permission}' permission in this team.");
        }
    }

    /// <summary>The decision for the caller, audited when denied.</summary>
    public async Task<bool> CheckAsync(string permission, string? teamId, CancellationToken cancellationToken, string? resourceType = null, string? resourceId = null)
    {
        var granted = policy.IsAllowed(request.Caller, permission, teamId);
        if (!granted)
        {
            await RecordDenialAsync(request.Caller.Principal, permission, teamId, resourceType, resourceId, cancellationToken);
        }
        return granted;
    }

    public bool IsAllowed(string permission, string? teamId = null) => policy.IsAllowed(request.Caller, permission, teamId);

    public bool IsPlatformAdmin => policy.IsPlatformAdmin(request.Caller);

    /// <summary>
    /// Writes a denied check of <paramref name="principal"/>'s permission now (the request is about to fail or answers
    /// "no", so nothing else is saved with it). When someone else asked, they are recorded as the target's checker.
    /// </summary>
    public async Task RecordDenialAsync(string? principal, string permission, string? teamId, string? resourceType, string? resourceId, CancellationToken cancellationToken)
    {
        var checker = request.Caller.Principal;
        db.PermissionAuditLog.Add(Entry(principal, AuditActions.PermissionCheck, permission, granted: false, teamId,
            target: principal == checker ? null : checker, resourceType, resourceId));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Adds an audit entry for a change the caller made to <paramref name="target"/>; it commits with the change.</summary>
    public void RecordChange(string action, string permission, string? teamId, string? target, string? resourceType, string? resourceId, string? role = null) =>
        db.PermissionAuditLog.Add(Entry(request.Caller.Principal, action, permission, granted: true, teamId, target, resourceType, resourceId, role));

    private PermissionAuditEntry Entry(string? user, string action, string permission, bool granted, string? teamId, string? target,
        string? resourceType, string? resourceId, string? role = null) => new()
    {
        Timestamp = time.GetUtcNow().UtcDateTime,
        UserEmail = user,
        Action = action,
        Permission = permission,
        TargetEmail = target,
        TeamId = teamId,
        ResourceType = resourceType,
        ResourceId = resourceId,
        Granted = granted,
        RolesChecked = role is null ? null : JsonSerializer.Serialize(new[] { role }),
        IpAddress = request.IpAddress,
        UserAgent = request.UserAgent,
    };

    public static ProblemException TeamNotFound() => ProblemException.NotFound("No such team, or you are not allowed to see it.");
}
