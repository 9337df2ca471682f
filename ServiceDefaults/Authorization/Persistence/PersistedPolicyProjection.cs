using System.Collections.Frozen;
using McpGateway.Contracts;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.ServiceDefaults.Authorization.Persistence;

/// <summary>
/// A consuming service's projection kept in its own database as well as in memory: <see cref="ApplyAsync"/> records an
/// event's effect in the `policy_*` tables (idempotently: upserts and deletes by key) and saves, then applies it to the
/// in-memory <see cref="PolicyProjection"/>; <see cref="LoadAsync"/> fills memory from the tables at start-up. Phase 2's
/// consumers call <see cref="ApplyAsync"/>, inside the inbox transaction that makes a redelivery a no-op.
/// </summary>
public sealed class PersistedPolicyProjection(PolicyProjection projection)
{
    /// <summary>Loads the tables into memory (call before the service takes requests).</summary>
    public async Task LoadAsync(DbContext db, CancellationToken cancellationToken) => projection.Load(await ReadAsync(db, cancellationToken));

    /// <summary>What the tables hold.</summary>
    public static async Task<PolicyState> ReadAsync(DbContext db, CancellationToken cancellationToken)
    {
        var teams = await db.Set<ProjectedTeam>().AsNoTracking().ToListAsync(cancellationToken);
        var memberships = await db.Set<ProjectedMembership>().AsNoTracking().ToListAsync(cancellationToken);
        var roles = await db.Set<ProjectedRole>().AsNoTracking().ToListAsync(cancellationToken);
        var assignments = await db.Set<ProjectedAssignment>().AsNoTracking().ToListAsync(cancellationToken);
        return new PolicyState(
            teams.Select(t => new TeamFacts(t.TeamId, t.IsPersonal, t.IsPublic, t.CreatedBy)).ToList(),
            memberships.Select(m => new PolicyState.Membership(m.TeamId, m.Principal, m.Role)).ToList(),
            roles.Select(r => new RoleFacts(r.RoleId, r.Name, r.Permissions.ToFrozenSet(StringComparer.Ordinal))).ToList(),
            assignments.Select(a => new PolicyState.Assignment(a.Principal, new AssignmentFacts(a.AssignmentId, a.RoleId, a.Scope, a.ScopeId, a.ExpiresAt))).ToList());
    }

    /// <summary>Records the event in the tables, saves <paramref name="db"/>, then updates memory. False for an event the policy ignores.</summary>
    public async Task<bool> ApplyAsync(DbContext db, IntegrationEvent integrationEvent, CancellationToken cancellationToken)
    {
        if (!await StoreAsync(db, integrationEvent, cancellationToken))
        {
            return false;
        }
        projection.Apply(integrationEvent);
        return true;
    }

    /// <summary>
    /// Records the event in the tables and saves <paramref name="db"/>, leaving memory alone: for a service whose replicas
    /// each keep their memory from every event themselves. False for an event the policy ignores.
    /// </summary>
    public async Task<bool> StoreAsync(DbContext db, IntegrationEvent integrationEvent, CancellationToken cancellationToken)
    {
        var stage = integrationEvent switch
        {
            TeamCreated e => UpsertAsync(db, e.TeamId, new ProjectedTeam
            {
                TeamId = e.TeamId, IsPersonal = e.IsPersonal, IsPublic = IsPublic(e.Visibility), CreatedBy = Caller.NormalizeEmail(e.CreatedBy),
            }, cancellationToken),
            TeamUpdated e => UpdateTeamAsync(db, e, cancellationToken),
            TeamDeleted e => DeleteTeamAsync(db, e.TeamId, cancellationToken),
            TeamMemberAdded e => UpsertMembershipAsync(db, e.TeamId, e.UserEmail, e.Role, cancellationToken),
            TeamMemberRoleChanged e => UpsertMembershipAsync(db, e.TeamId, e.UserEmail, e.Role, cancellationToken),
            TeamMemberRemoved e => DeleteWhereAsync(db.Set<ProjectedMembership>(), m => m.TeamId == e.TeamId && m.Principal == Caller.NormalizeEmail(e.UserEmail), cancellationToken),
            RoleAssigned e => AssignAsync(db, e, cancellationToken),
            RoleRevoked e => DeleteWhereAsync(db.Set<ProjectedAssignment>(), a => a.AssignmentId == e.AssignmentId, cancellationToken),
            RoleUpdated e => UpsertRoleAsync(db, e.RoleId, e.RoleName, e.Permissions, cancellationToken),
            UserDeleted e => DeleteUserAsync(db, Caller.NormalizeEmail(e.Email), cancellationToken),
            _ => null,
        };
        if (stage is null)
        {
            return false;
        }
        await stage;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private static async Task AssignAsync(DbContext db, RoleAssigned e, CancellationToken cancellationToken)
    {
        await UpsertRoleAsync(db, e.RoleId, e.RoleName, e.Permissions, cancellationToken);
        await UpsertAsync(db, e.AssignmentId, new ProjectedAssignment
        {
            AssignmentId = e.AssignmentId, Principal = PolicyProjection.PrincipalKey(e.UserEmail), RoleId = e.RoleId, Scope = e.Scope,
            ScopeId = e.ScopeId, ExpiresAt = e.ExpiresAt,
        }, cancellationToken);
    }

    private static Task UpsertRoleAsync(DbContext db, string roleId, string name, IReadOnlyList<string> permissions, CancellationToken cancellationToken) =>
        DefaultRoles.IsDefault(roleId)
            ? Task.CompletedTask
            : UpsertAsync(db, roleId, new ProjectedRole { RoleId = roleId, Name = name, Permissions = [.. permissions] }, cancellationToken);

    private static Task UpsertMembershipAsync(DbContext db, string teamId, string email, string role, CancellationToken cancellationToken)
    {
        var principal = Caller.NormalizeEmail(email);
        return UpsertAsync(db, [teamId, principal], new ProjectedMembership { TeamId = teamId, Principal = principal, Role = role }, cancellationToken);
    }

    private static async Task UpdateTeamAsync(DbContext db, TeamUpdated e, CancellationToken cancellationToken)
    {
        if (await db.Set<ProjectedTeam>().FindAsync([e.TeamId], cancellationToken) is { } team)
        {
            team.IsPublic = IsPublic(e.Visibility);
        }
    }

    private static async Task DeleteTeamAsync(DbContext db, string teamId, CancellationToken cancellationToken)
    {
        await DeleteWhereAsync(db.Set<ProjectedTeam>(), t => t.TeamId == teamId, cancellationToken);
        await DeleteWhereAsync(db.Set<ProjectedMembership>(), m => m.TeamId == teamId, cancellationToken);
        await DeleteWhereAsync(db.Set<ProjectedAssignment>(), a => a.ScopeId == teamId, cancellationToken);
    }

    private static async Task DeleteUserAsync(DbContext db, string principal, CancellationToken cancellationToken)
    {
        await DeleteWhereAsync(db.Set<ProjectedMembership>(), m => m.Principal == principal, cancellationToken);
        await DeleteWhereAsync(db.Set<ProjectedAssignment>(), a => a.Principal == principal, cancellationToken);
    }

    // Tracked deletes (not ExecuteDelete), so they commit in the same SaveChanges as everything else in the transaction.
    private static async Task DeleteWhereAsync<T>(DbSet<T> set, System.Linq.Expressions.Expression<Func<T, bool>> predicate, CancellationToken cancellationToken)
        where T : class => set.RemoveRange(await set.Where(predicate).ToListAsync(cancellationToken));

    private static Task UpsertAsync<T>(DbContext db, object key, T row, CancellationToken cancellationToken) where T : class =>
        UpsertAsync(db, [key], row, cancellationToken);

    private static async Task UpsertAsync<T>(DbContext db, object[] key, T row, CancellationToken cancellationToken) where T : class
    {
        if (await db.Set<T>().FindAsync(key, cancellationToken) is { } existing)
        {
            db.Entry(existing).CurrentValues.SetValues(row);
        }
        else
        {
            db.Set<T>().Add(row);
        }
    }

    private static bool IsPublic(string visibility) => string.Equals(visibility, Visibility.Public, StringComparison.OrdinalIgnoreCase);
}
