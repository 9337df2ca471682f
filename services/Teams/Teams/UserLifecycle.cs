using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Authorization;
using McpGateway.ServiceDefaults.Messaging;
using McpGateway.Teams.Extensions;
using McpGateway.Teams.Infrastructure;
using McpGateway.Teams.Model;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Teams.Teams;

/// <summary>
/// What the teams service does when the auth service announces a user: the methods phase 2's consumers call, each
/// idempotent (a redelivery, or a user announced again, changes nothing more). The account's `is_admin` flag and the
/// `platform_admin` role are kept in step here, so the claim auth puts in tokens and the role the policy reads agree.
/// </summary>
public sealed class UserLifecycle(TeamsContext db, PersonalTeams personalTeams, TeamsSettings settings, TimeProvider time, ILogger<UserLifecycle> logger)
{
    /// <summary>`UserCreated`: the personal team (AUTO_CREATE_PERSONAL_TEAMS), and `platform_admin` for an admin account.</summary>
    public async Task OnCreatedAsync(UserCreated user, CancellationToken cancellationToken)
    {
        await personalTeams.EnsureForAsync(user.Email, user.FullName, cancellationToken);
        await SyncPlatformAdminAsync(user.Email, user.IsAdmin, cancellationToken);
    }

    /// <summary>`UserUpdated`: an account made admin holds `platform_admin`; one no longer admin loses it.</summary>
    public Task OnUpdatedAsync(UserUpdated user, CancellationToken cancellationToken) =>
        SyncPlatformAdminAsync(user.Email, user.IsAdmin, cancellationToken);

    /// <summary>
    /// `UserDeleted`: the user leaves every team (their personal team is deleted), loses every grant, and their open
    /// invitations and join requests lapse. A team they were the last owner of keeps its other members, without an
    /// owner until a platform admin names one (logged), rather than being deleted with everything in it.
    /// </summary>
    public async Task OnDeletedAsync(UserDeleted user, CancellationToken cancellationToken)
    {
        var email = Caller.NormalizeEmail(user.Email);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var grant in await db.UserRoles.Where(a => a.UserEmail == email).ToListAsync(cancellationToken))
        {
            db.UserRoles.Remove(grant);
            db.AddIntegrationEvent(new RoleRevoked(grant.Id, email, grant.RoleId, Names.Of(grant.Scope), grant.ScopeId) { OccurredAt = now });
            Audit(AuditActions.RoleRevoked, Permissions.AdminUserManagement, grant.ScopeId, email, "user_role", grant.Id, now);
        }
        foreach (var membership in await db.TeamMembers.Include(m => m.Team).Where(m => m.UserEmail == email).ToListAsync(cancellationToken))
        {
            if (membership.Team is { IsPersonal: true } personal)
            {
                db.Teams.Remove(personal);
                db.AddIntegrationEvent(new TeamDeleted(personal.Id) { OccurredAt = now });
                continue;
            }
            if (membership.Role == TeamRole.Owner
                && !await db.TeamMembers.AnyAsync(m => m.TeamId == membership.TeamId && m.Role == TeamRole.Owner && m.Id != membership.Id, cancellationToken))
            {
                logger.LogWarning("Team {TeamId} lost its last owner, {Email}, whose account was deleted; a platform admin should name a new owner", membership.TeamId, email);
            }
            db.TeamMembers.Remove(membership);
            db.AddIntegrationEvent(new TeamMemberRemoved(membership.TeamId, email) { OccurredAt = now });
            Audit(AuditActions.MemberRemoved, Permissions.TeamsManageMembers, membership.TeamId, email, "team_member", membership.Id, now);
        }
        await db.TeamInvitations.Where(i => i.Email == email && i.IsActive).ForEachAsync(i => i.IsActive = false, cancellationToken);
        await db.TeamJoinRequests.Where(r => r.UserEmail == email && r.Status == JoinRequestStatus.Pending)
            .ForEachAsync(r => r.Status = JoinRequestStatus.Withdrawn, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Grants or revokes the global `platform_admin` role to match the account's admin flag.</summary>
    public async Task SyncPlatformAdminAsync(string email, bool isAdmin, CancellationToken cancellationToken)
    {
        email = Caller.NormalizeEmail(email);
        var role = DefaultRoles.PlatformAdmin;
        var grants = await db.UserRoles.Where(a => a.UserEmail == email && a.RoleId == role.Id && a.Scope == RoleScope.Global).ToListAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        if (isAdmin && grants.Count == 0)
        {
            // A fixed id, so two replicas handling the same event cannot both grant it.
            var grant = new UserRole { Id = $"platform_admin:{email}", UserEmail = email, RoleId = role.Id, Scope = RoleScope.Global, GrantedBy = PersonalTeams.System, GrantedAt = now };
            db.UserRoles.Add(grant);
            db.AddIntegrationEvent(new RoleAssigned(grant.Id, email, role.Id, role.Name, RoleScopes.Global, null, [.. role.Permissions], null) { OccurredAt = now });
            Audit(AuditActions.RoleAssigned, Permissions.AdminUserManagement, null, email, "user_role", grant.Id, now);
        }
        else if (!isAdmin && grants.Count > 0 && email != settings.PlatformAdminEmail)
        {
            foreach (var grant in grants)
            {
                db.UserRoles.Remove(grant);
                db.AddIntegrationEvent(new RoleRevoked(grant.Id, email, role.Id, RoleScopes.Global, null) { OccurredAt = now });
                Audit(AuditActions.RoleRevoked, Permissions.AdminUserManagement, null, email, "user_role", grant.Id, now);
            }
        }
        else
        {
            return;
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (isAdmin)
        {
            // Granted by another replica in the meantime: the same row, the same event.
            db.ChangeTracker.Clear();
        }
    }

    private void Audit(string action, string permission, string? teamId, string target, string resourceType, string resourceId, DateTime now) =>
        db.PermissionAuditLog.Add(new PermissionAuditEntry
        {
            Timestamp = now, UserEmail = PersonalTeams.System, Action = action, Permission = permission, TargetEmail = target,
            TeamId = teamId, ResourceType = resourceType, ResourceId = resourceId, Granted = true,
        });
}
