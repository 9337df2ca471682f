using McpGateway.ServiceDefaults.Authorization;
using McpGateway.Teams.Apis;
using McpGateway.Teams.Infrastructure;
using McpGateway.Teams.Security;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Teams.Rbac;

/// <summary>Filters on `GET /rbac/audit`; every one optional.</summary>
public sealed record AuditQuery(string? UserEmail, string? Permission, string? TeamId, bool? Granted, string? Action, DateTime? Since, DateTime? Until);

/// <summary>Reading the permission audit log: platform admins only (`admin.security_audit`), newest first.</summary>
public sealed class AuditLog(TeamsContext db, Authorizer authorizer)
{
    public async Task<AuditLogResponse> QueryAsync(AuditQuery filter, int skip, int limit, CancellationToken cancellationToken)
    {
        await authorizer.RequireAsync(Permissions.AdminSecurityAudit, null, cancellationToken, "audit_log");
        var user = filter.UserEmail is null ? null : Input.Principal("user_email", filter.UserEmail);
        var permission = Input.Text("permission", filter.Permission, 100);
        var teamId = filter.TeamId is null ? null : Input.Id("team_id", filter.TeamId);
        var action = Input.Text("action", filter.Action, 100);
        var query = db.PermissionAuditLog.AsNoTracking();
        if (user is not null)
        {
            query = query.Where(e => e.UserEmail == user || e.TargetEmail == user);
        }
        if (permission is not null)
        {
            query = query.Where(e => e.Permission == permission);
        }
        if (teamId is not null)
        {
            query = query.Where(e => e.TeamId == teamId);
        }
        if (filter.Granted is { } granted)
        {
            query = query.Where(e => e.Granted == granted);
        }
        if (action is not null)
        {
            query = query.Where(e => e.Action == action);
        }
        if (filter.Since is { } since)
        {
            var from = since.ToUniversalTime();
            query = query.Where(e => e.Timestamp >= from);
        }
        if (filter.Until is { } until)
        {
            var to = until.ToUniversalTime();
            query = query.Where(e => e.Timestamp < to);
        }
        var total = await query.CountAsync(cancellationToken);
        var entries = await query.OrderByDescending(e => e.Timestamp).ThenByDescending(e => e.Id).Skip(skip).Take(limit).ToListAsync(cancellationToken);
        return new AuditLogResponse(entries.Select(AuditEntryResponse.From).ToList(), total);
    }
}
