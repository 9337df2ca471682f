using McpGateway.ServiceDefaults.Authorization;
using McpGateway.Teams.Apis;
using McpGateway.Teams.Security;

namespace McpGateway.Teams.Rbac;

/// <summary>
/// "May X do P (in team T)?" and "what may X do?", for the caller about themselves (their token's scope narrowing the
/// answer, as it narrows everything they do) or, with `admin.security_audit`, about anyone.
/// </summary>
public sealed class PermissionQueries(PolicyEvaluator policy, Authorizer authorizer, RequestCaller caller, TimeProvider time)
{
    public async Task<PermissionCheckResponse> CheckAsync(PermissionCheckRequest request, CancellationToken cancellationToken)
    {
        var permission = Input.Text("permission", request.Permission, 100, required: true)!;
        var teamId = request.TeamId is null ? null : Input.Id("team_id", request.TeamId);
        var resourceType = Input.Text("resource_type", request.ResourceType, 100);
        var resourceId = Input.Text("resource_id", request.ResourceId, 255);
        var subject = await SubjectAsync(request.UserEmail, cancellationToken);
        var granted = policy.IsAllowed(subject, permission, teamId);
        if (!granted)
        {
            await authorizer.RecordDenialAsync(subject.Principal, permission, teamId, resourceType, resourceId, cancellationToken);
        }
        return new PermissionCheckResponse(subject.Principal!, permission, granted, time.GetUtcNow().UtcDateTime, caller.Principal);
    }

    public async Task<IReadOnlyList<string>> PermissionsOfAsync(string principal, string? teamId, CancellationToken cancellationToken)
    {
        var subject = await SubjectAsync(principal, cancellationToken);
        return policy.PermissionsOf(subject, teamId is null ? null : Input.Id("team_id", teamId));
    }

    public IReadOnlyList<string> MyPermissions(string? teamId) =>
        policy.PermissionsOf(caller.Caller, teamId is null ? null : Input.Id("team_id", teamId));

    /// <summary>The caller themselves (with their token's scope), or, for a platform auditor, the principal named.</summary>
    private async Task<Caller> SubjectAsync(string? principal, CancellationToken cancellationToken)
    {
        var named = principal is null ? null : Input.Principal("user_email", principal);
        // RequestCaller.Principal refuses (403) a credential that names nobody, so the answer always names its subject.
        var me = caller.Principal;
        if (named is null || named == me)
        {
            return caller.Caller;
        }
        await authorizer.RequireAsync(Permissions.AdminSecurityAudit, null, cancellationToken, "user_permissions", named);
        return named.Contains('@') ? Caller.ForUser(named) : Caller.ForClient(named);
    }
}
