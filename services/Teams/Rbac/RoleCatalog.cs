using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Authorization;
using McpGateway.ServiceDefaults.Messaging;
using McpGateway.Teams.Apis;
using McpGateway.Teams.Infrastructure;
using McpGateway.Teams.Model;
using McpGateway.Teams.Security;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Teams.Rbac;

/// <summary>
/// Roles: the four built-in ones (read-only, as in ContextForge) and custom ones a platform admin creates, changes and
/// deletes (`admin.user_management`). A change reaches every service as <see cref="RoleUpdated"/> with the role's new
/// effective permissions, and those of every role inheriting from it.
/// </summary>
public sealed class RoleCatalog(TeamsContext db, Authorizer authorizer, RequestCaller caller, RoleAssignments assignments, TimeProvider time)
{
    public const int MaxNameLength = 255;
    public const int MaxDescriptionLength = 1000;

    /// <summary>Every role, by name; readable by any authenticated caller (owners need the ids to grant team roles).</summary>
    public async Task<IReadOnlyList<RoleResponse>> ListAsync(string? scope, bool activeOnly, CancellationToken cancellationToken)
    {
        var roles = await AllAsync(cancellationToken);
        var wanted = scope is null ? (RoleScope?)null : ParseScope(scope);
        return roles.Values.Where(r => (wanted is null || r.Scope == wanted) && (!activeOnly || r.IsActive))
            .OrderBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Id, StringComparer.Ordinal)
            .Select(r => RoleResponse.From(r, RolePermissions.Effective(r, roles))).ToList();
    }

    public async Task<RoleResponse> GetAsync(string roleId, CancellationToken cancellationToken)
    {
        var roles = await AllAsync(cancellationToken);
        var role = roles.GetValueOrDefault(roleId) ?? throw NotFound();
        return RoleResponse.From(role, RolePermissions.Effective(role, roles));
    }

    public async Task<RoleResponse> CreateAsync(CreateRoleRequest request, CancellationToken cancellationToken)
    {
        await authorizer.RequireAsync(Permissions.AdminUserManagement, null, cancellationToken, "role");
        var name = Input.Text("name", request.Name, MaxNameLength, required: true)!;
        var description = Input.Text("description", request.Description, MaxDescriptionLength, multiline: true);
        var scope = ParseScope(request.Scope ?? throw ProblemException.BadRequest("scope", "'scope' is required: 'global', 'team' or 'personal'."));
        var permissions = CheckPermissions(request.Permissions ?? []);
        var roles = await AllAsync(cancellationToken);
        var parent = request.InheritsFrom is null ? null : Input.Id("inherits_from", request.InheritsFrom);
        if (parent is not null && !roles.ContainsKey(parent))
        {
            throw ProblemException.BadRequest("inherits_from", "'inherits_from' names no role.");
        }
        if (roles.Values.Any(r => r.Name == name && r.Scope == scope))
        {
            throw ProblemException.Conflict($"A {Names.Of(scope)} role named '{name}' exists already.");
        }
        var now = time.GetUtcNow().UtcDateTime;
        var role = new Role
        {
            Name = name, Description = description, Scope = scope, Permissions = permissions, InheritsFrom = parent,
            CreatedBy = caller.Principal, CreatedAt = now, UpdatedAt = now,
        };
        db.Roles.Add(role);
        authorizer.RecordChange(AuditActions.RoleCreated, Permissions.AdminUserManagement, null, null, "role", role.Id, role.Name);
        await SaveAsync(role, cancellationToken);
        return RoleResponse.From(role, RolePermissions.Effective(role, roles.Append(new(role.Id, role)).ToDictionary()));
    }

    public async Task<RoleResponse> UpdateAsync(string roleId, UpdateRoleRequest request, CancellationToken cancellationToken)
    {
        await authorizer.RequireAsync(Permissions.AdminUserManagement, null, cancellationToken, "role", roleId);
        var roles = await AllAsync(cancellationToken, tracked: true);
        var role = roles.GetValueOrDefault(roleId) ?? throw NotFound();
        if (role.IsSystemRole)
        {
            throw ProblemException.Conflict($"'{role.Name}' is a built-in role and cannot be changed; create a custom role instead.");
        }
        var name = Input.Text("name", request.Name, MaxNameLength);
        var description = Input.Text("description", request.Description, MaxDescriptionLength, multiline: true);
        var permissions = request.Permissions is null ? null : CheckPermissions(request.Permissions);
        if (request.InheritsFrom is not null)
        {
            var parent = request.InheritsFrom.Length == 0 ? null : Input.Id("inherits_from", request.InheritsFrom);
            if (parent is not null && !roles.ContainsKey(parent))
            {
                throw ProblemException.BadRequest("inherits_from", "'inherits_from' names no role.");
            }
            if (RolePermissions.WouldCycle(role.Id, parent, roles))
            {
                throw ProblemException.BadRequest("inherits_from", "A role cannot inherit from itself, directly or through others.");
            }
            role.InheritsFrom = parent;
        }
        if (name is not null && name != role.Name && roles.Values.Any(r => r.Name == name && r.Scope == role.Scope))
        {
            throw ProblemException.Conflict($"A {Names.Of(role.Scope)} role named '{name}' exists already.");
        }
        role.Name = name ?? role.Name;
        role.Description = request.Description is null ? role.Description : description;
        role.Permissions = permissions ?? role.Permissions;
        role.IsActive = request.IsActive ?? role.IsActive;
        role.UpdatedAt = time.GetUtcNow().UtcDateTime;
        authorizer.RecordChange(AuditActions.RoleUpdated, Permissions.AdminUserManagement, null, null, "role", role.Id, role.Name);
        // This role and every role inheriting from it now grant something else: say so for each.
        foreach (var affected in roles.Values.Where(r => r.Id == role.Id || InheritsFrom(r, role.Id, roles)))
        {
            db.AddIntegrationEvent(new RoleUpdated(affected.Id, affected.Name, RolePermissions.Effective(affected, roles)) { OccurredAt = role.UpdatedAt });
        }
        await SaveAsync(role, cancellationToken);
        return RoleResponse.From(role, RolePermissions.Effective(role, roles));
    }

    /// <summary>Deletes a custom role no other role inherits from; its assignments are revoked with it.</summary>
    public async Task DeleteAsync(string roleId, CancellationToken cancellationToken)
    {
        await authorizer.RequireAsync(Permissions.AdminUserManagement, null, cancellationToken, "role", roleId);
        var role = await db.Roles.SingleOrDefaultAsync(r => r.Id == roleId, cancellationToken) ?? throw NotFound();
        if (role.IsSystemRole)
        {
            throw ProblemException.Conflict($"'{role.Name}' is a built-in role and cannot be deleted.");
        }
        if (await db.Roles.AnyAsync(r => r.InheritsFrom == roleId, cancellationToken))
        {
            throw ProblemException.Conflict("Other roles inherit from this one; change them first.");
        }
        await assignments.StageRevokeAllOfRoleAsync(role, cancellationToken);
        db.Roles.Remove(role);
        authorizer.RecordChange(AuditActions.RoleDeleted, Permissions.AdminUserManagement, null, null, "role", role.Id, role.Name);
        await db.SaveChangesAsync(cancellationToken);
    }

    public static RoleScope ParseScope(string text) =>
        Names.Parse<RoleScope>(text) ?? throw ProblemException.BadRequest("scope", "'scope' is 'global', 'team' or 'personal'.");

    private async Task SaveAsync(Role role, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another request took the name between our check and our write (the unique index says so).
            if (await db.Roles.AsNoTracking().AnyAsync(r => r.Name == role.Name && r.Scope == role.Scope && r.Id != role.Id, cancellationToken))
            {
                throw ProblemException.Conflict($"A {Names.Of(role.Scope)} role named '{role.Name}' exists already.");
            }
            throw;
        }
    }

    private async Task<Dictionary<string, Role>> AllAsync(CancellationToken cancellationToken, bool tracked = false) =>
        await (tracked ? db.Roles : db.Roles.AsNoTracking()).ToDictionaryAsync(r => r.Id, StringComparer.Ordinal, cancellationToken);

    private static bool InheritsFrom(Role role, string ancestorId, IReadOnlyDictionary<string, Role> roles) =>
        Ancestors(role, roles).Contains(ancestorId);

    private static IEnumerable<string> Ancestors(Role role, IReadOnlyDictionary<string, Role> roles)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var parent = role.InheritsFrom; parent is not null && seen.Add(parent); parent = roles.GetValueOrDefault(parent)?.InheritsFrom)
        {
            yield return parent;
        }
    }

    /// <summary>Each permission must be in the catalog (or be `*`); duplicates go, the rest is sorted.</summary>
    private static List<string> CheckPermissions(List<string> permissions)
    {
        var unknown = permissions.Where(p => p is null || !Permissions.IsKnown(p.Trim())).Take(3).ToList();
        if (unknown.Count > 0)
        {
            var shown = string.Join(", ", unknown.Select(p => p is null ? "null" : $"'{(p.Any(char.IsControl) ? "(control characters)" : p.Length > 60 ? p[..60] : p)}'"));
            throw ProblemException.BadRequest("permissions", $"Unknown permissions: {shown}. GET /rbac/permissions/available lists them.");
        }
        return permissions.Select(p => p.Trim()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    private static ProblemException NotFound() => ProblemException.NotFound("No such role.");
}
