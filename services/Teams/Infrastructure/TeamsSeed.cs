using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Authorization;
using McpGateway.ServiceDefaults.Messaging;
using McpGateway.Teams.Extensions;
using McpGateway.Teams.Model;
using McpGateway.Teams.Teams;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Teams.Infrastructure;

/// <summary>
/// What the first start creates and every start checks (ContextForge's bootstrap_db): the built-in roles, the
/// `platform_admin` grant of PLATFORM_ADMIN_EMAIL, and that admin's personal team. Idempotent, and safe for replicas
/// starting together: the roles and the grant have fixed ids, so a second insert fails and is read back instead.
/// </summary>
public sealed class TeamsSeed(TeamsContext db, PersonalTeams personalTeams, TeamsSettings settings, TimeProvider time, ILogger<TeamsSeed> logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var existing = await db.Roles.Select(r => r.Id).ToListAsync(cancellationToken);
        foreach (var role in DefaultRoles.All.Where(r => !existing.Contains(r.Id)))
        {
            db.Roles.Add(new Role
            {
                Id = role.Id, Name = role.Name, Description = role.Description, Scope = Enum.Parse<RoleScope>(role.Scope, ignoreCase: true),
                Permissions = [.. role.Permissions.Order(StringComparer.Ordinal)], CreatedBy = PersonalTeams.System, IsSystemRole = true,
                CreatedAt = now, UpdatedAt = now,
            });
        }
        await SaveOnceAsync("built-in roles", cancellationToken);

        var admin = settings.PlatformAdminEmail;
        var grantId = $"platform_admin:{admin}";
        if (!await db.UserRoles.AnyAsync(a => a.Id == grantId, cancellationToken))
        {
            var role = DefaultRoles.PlatformAdmin;
            db.UserRoles.Add(new UserRole
            {
                Id = grantId, UserEmail = admin, RoleId = role.Id, Scope = RoleScope.Global, GrantedBy = PersonalTeams.System, GrantedAt = now,
            });
            db.PermissionAuditLog.Add(new PermissionAuditEntry
            {
                Timestamp = now, UserEmail = PersonalTeams.System, Action = AuditActions.RoleAssigned, Permission = Permissions.AdminUserManagement,
                TargetEmail = admin, ResourceType = "user_role", ResourceId = grantId, Granted = true, RolesChecked = $"[\"{role.Name}\"]",
            });
            db.AddIntegrationEvent(new RoleAssigned(grantId, admin, role.Id, role.Name, RoleScopes.Global, null, [.. role.Permissions], null) { OccurredAt = now });
            await SaveOnceAsync("platform admin grant", cancellationToken);
        }
        await personalTeams.EnsureForAsync(admin, null, cancellationToken);
    }

    private async Task SaveOnceAsync(string what, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another replica seeded the same rows first; theirs are identical.
            logger.LogInformation("The {What} were seeded by another replica", what);
            db.ChangeTracker.Clear();
        }
    }
}
