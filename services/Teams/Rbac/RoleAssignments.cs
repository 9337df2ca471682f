using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Authorization;
using McpGateway.ServiceDefaults.Messaging;
using McpGateway.Teams.Apis;
using McpGateway.Teams.Extensions;
using McpGateway.Teams.Infrastructure;
using McpGateway.Teams.Model;
using McpGateway.Teams.Security;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Teams.Rbac;

/// <summary>
/// Granting roles to users (or to OAuth clients acting for themselves) at global, team or personal scope, and revoking
/// them. Global and personal grants take `admin.user_management`; a team grant also may be made by whoever manages the
/// team's members, of a team role granting nothing they do not hold there themselves. Every change is audited and
/// announced (<see cref="RoleAssigned"/>, <see cref="RoleRevoked"/>) in the same transaction.
/// </summary>
public sealed class RoleAssignments(TeamsContext db, Authorizer authorizer, RequestCaller caller, PolicyEvaluator policy,
    TeamsSettings settings, TimeProvider time)
{
    public async Task<IReadOnlyList<UserRoleResponse>> ListAsync(string principal, string? scope, bool activeOnly, CancellationToken cancellationToken)
    {
        principal = Input.Principal("user_email", principal);
        if (principal != caller.Principal)
        {
            await authorizer.RequireAsync(Permissions.AdminUserManagement, null, cancellationToken, "user_role");
        }
        var wanted = scope is null ? (RoleScope?)null : RoleCatalog.ParseScope(scope);
        var now = time.GetUtcNow().UtcDateTime;
        var assignments = await db.UserRoles.AsNoTracking().Include(a => a.Role)
            .Where(a => a.UserEmail == principal && (wanted == null || a.Scope == wanted))
            .OrderBy(a => a.GrantedAt).ThenBy(a => a.Id).ToListAsync(cancellationToken);
        return assignments.Where(a => !activeOnly || (a.IsActive && (a.ExpiresAt is null || a.ExpiresAt > now))).Select(UserRoleResponse.From).ToList();
    }

    public async Task<UserRoleResponse> AssignAsync(string principal, AssignRoleRequest request, CancellationToken cancellationToken)
    {
        principal = Input.Principal("user_email", principal);
        var roleId = Input.Id("role_id", request.RoleId);
        var scope = request.Scope is null ? (RoleScope?)null : RoleCatalog.ParseScope(request.Scope);
        var role = await db.Roles.SingleOrDefaultAsync(r => r.Id == roleId, cancellationToken)
            ?? throw ProblemException.BadRequest("role_id", "'role_id' names no role.");
        scope ??= role.Scope;
        if (scope != role.Scope)
        {
            throw ProblemException.BadRequest("scope", $"'{role.Name}' is a {Names.Of(role.Scope)} role; it is granted at {Names.Of(role.Scope)} scope.");
        }
        var scopeId = await CheckScopeAsync(principal, role, request.ScopeId, cancellationToken);
        if (!role.IsActive)
        {
            throw ProblemException.Conflict($"'{role.Name}' is inactive; activate it before granting it.");
        }
        var now = time.GetUtcNow().UtcDateTime;
        if (request.ExpiresAt is { } expires && expires.ToUniversalTime() <= now)
        {
            throw ProblemException.BadRequest("expires_at", "'expires_at' must be in the future.");
        }
        if (await db.UserRoles.AnyAsync(a => a.UserEmail == principal && a.RoleId == roleId && a.Scope == scope && a.ScopeId == scopeId && a.IsActive, cancellationToken))
        {
            throw ProblemException.Conflict($"{principal} already holds '{role.Name}' at that scope.");
        }
        var roles = await db.Roles.AsNoTracking().ToDictionaryAsync(r => r.Id, StringComparer.Ordinal, cancellationToken);
        var assignment = new UserRole
        {
            UserEmail = principal, RoleId = roleId, Role = role, Scope = scope.Value, ScopeId = scopeId, GrantedBy = caller.Principal,
            GrantedAt = now, ExpiresAt = request.ExpiresAt?.ToUniversalTime(),
        };
        Stage(assignment, role, RolePermissions.Effective(role, roles));
        await db.SaveChangesAsync(cancellationToken);
        return UserRoleResponse.From(assignment);
    }

    /// <summary>Revokes the principal's active grants of the role (narrowed by scope and scope id when given).</summary>
    public async Task RevokeAsync(string principal, string roleId, string? scope, string? scopeId, CancellationToken cancellationToken)
    {
        principal = Input.Principal("user_email", principal);
        roleId = Input.Id("role_id", roleId);
        var wanted = scope is null ? (RoleScope?)null : RoleCatalog.ParseScope(scope);
        scopeId = scopeId is null ? null : Input.Id("scope_id", scopeId);
        var matching = await db.UserRoles.Include(a => a.Role)
            .Where(a => a.UserEmail == principal && a.RoleId == roleId && (wanted == null || a.Scope == wanted) && (scopeId == null || a.ScopeId == scopeId))
            .ToListAsync(cancellationToken);
        if (!authorizer.IsAllowed(Permissions.AdminUserManagement))
        {
            // Team managers may revoke only team grants in the teams they manage; what else exists stays unrevealed.
            matching = matching.Where(a => a.Scope == RoleScope.Team && a.ScopeId is not null && authorizer.IsAllowed(Permissions.TeamsManageMembers, a.ScopeId)).ToList();
            if (matching.Count == 0)
            {
                await authorizer.RequireAsync(Permissions.AdminUserManagement, null, cancellationToken, "user_role");
            }
        }
        if (matching.Count == 0)
        {
            throw ProblemException.NotFound($"{principal} holds no such role.");
        }
        if (roleId == DefaultRoles.PlatformAdmin.Id && principal == settings.PlatformAdminEmail)
        {
            throw ProblemException.Conflict("The platform admin named by PLATFORM_ADMIN_EMAIL always holds platform_admin.");
        }
        foreach (var assignment in matching)
        {
            StageRevocation(assignment, Permissions.AdminUserManagement);
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Stages revoking what <paramref name="principal"/> was granted in <paramref name="teamId"/> (they leave it).</summary>
    public async Task StageRevokeInTeamAsync(string principal, string teamId, CancellationToken cancellationToken)
    {
        foreach (var assignment in await db.UserRoles.Include(a => a.Role).Where(a => a.UserEmail == principal && a.Scope == RoleScope.Team && a.ScopeId == teamId).ToListAsync(cancellationToken))
        {
            StageRevocation(assignment, Permissions.TeamsManageMembers);
        }
    }

    /// <summary>Stages revoking every grant made in <paramref name="teamId"/> (the team is deleted).</summary>
    public async Task StageRevokeAllInTeamAsync(string teamId, CancellationToken cancellationToken)
    {
        foreach (var assignment in await db.UserRoles.Include(a => a.Role).Where(a => a.Scope == RoleScope.Team && a.ScopeId == teamId).ToListAsync(cancellationToken))
        {
            StageRevocation(assignment, Permissions.TeamsDelete);
        }
    }

    /// <summary>Stages revoking every grant of <paramref name="role"/> (the role is deleted).</summary>
    public async Task StageRevokeAllOfRoleAsync(Role role, CancellationToken cancellationToken)
    {
        foreach (var assignment in await db.UserRoles.Where(a => a.RoleId == role.Id).ToListAsync(cancellationToken))
        {
            assignment.Role = role;
            StageRevocation(assignment, Permissions.AdminUserManagement);
        }
    }

    /// <summary>Adds the grant, its audit entry and its event to the context (the caller saves).</summary>
    public void Stage(UserRole assignment, Role role, IReadOnlyList<string> effectivePermissions)
    {
        db.UserRoles.Add(assignment);
        authorizer.RecordChange(AuditActions.RoleAssigned, Permissions.AdminUserManagement, assignment.ScopeId, assignment.UserEmail, "user_role", assignment.Id, role.Name);
        db.AddIntegrationEvent(new RoleAssigned(assignment.Id, assignment.UserEmail, role.Id, role.Name, Names.Of(assignment.Scope), assignment.ScopeId,
            effectivePermissions, assignment.ExpiresAt) { OccurredAt = assignment.GrantedAt });
    }

    private void StageRevocation(UserRole assignment, string permission)
    {
        db.UserRoles.Remove(assignment);
        authorizer.RecordChange(AuditActions.RoleRevoked, permission, assignment.ScopeId, assignment.UserEmail, "user_role", assignment.Id, assignment.Role?.Name ?? assignment.RoleId);
        db.AddIntegrationEvent(new RoleRevoked(assignment.Id, assignment.UserEmail, assignment.RoleId, Names.Of(assignment.Scope), assignment.ScopeId)
        {
            OccurredAt = time.GetUtcNow().UtcDateTime,
        });
    }

    /// <summary>Checks who may grant <paramref name="role"/> at its scope, and returns the scope id (the team for a team role).</summary>
    private async Task<string?> CheckScopeAsync(string principal, Role role, string? requestedScopeId, CancellationToken cancellationToken)
    {
        if (role.Scope != RoleScope.Team)
        {
            if (requestedScopeId is not null)
            {
                throw ProblemException.BadRequest("scope_id", $"A {Names.Of(role.Scope)} grant has no 'scope_id'.");
            }
            if (role.Scope == RoleScope.Personal && !principal.Contains('@'))
            {
                throw ProblemException.BadRequest("user_email", "A client has no personal team; grant it a global or team role.");
            }
            await authorizer.RequireAsync(Permissions.AdminUserManagement, null, cancellationToken, "user_role");
            return null;
        }
        var teamId = Input.Id("scope_id", requestedScopeId ?? throw ProblemException.BadRequest("scope_id", "A team grant needs 'scope_id', the team's id."));
        authorizer.RequireVisibleTeam(teamId);
        if (!authorizer.IsAllowed(Permissions.AdminUserManagement))
        {
            await authorizer.RequireAsync(Permissions.TeamsManageMembers, teamId, cancellationToken, "user_role");
            // Nobody grants more than they hold: every permission of the role must be one the granter has in the team.
            var roles = await db.Roles.AsNoTracking().ToDictionaryAsync(r => r.Id, StringComparer.Ordinal, cancellationToken);
            var beyond = RolePermissions.Effective(role, roles).Where(p => !policy.IsAllowed(caller.Caller, p, teamId)).ToList();
            if (beyond.Count > 0)
            {
                await authorizer.RecordDenialAsync(caller.Principal, beyond[0], teamId, "user_role", role.Id, cancellationToken);
                throw ProblemException.Forbidden($"'{role.Name}' grants permissions you do not hold in this team ({string.Join(", ", beyond.Take(5))}).");
            }
        }
        if (principal.Contains('@') && !await db.TeamMembers.AnyAsync(m => m.TeamId == teamId && m.UserEmail == principal && m.IsActive, cancellationToken))
        {
            throw ProblemException.Conflict($"{principal} is not a member of this team; add them first.");
        }
        return teamId;
    }
}
