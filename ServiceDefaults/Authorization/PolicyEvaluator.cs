using McpGateway.ServiceDefaults.Authentication;
using Microsoft.Extensions.Options;

namespace McpGateway.ServiceDefaults.Authorization;

/// <summary>
/// The one authorization policy, decided in memory from <see cref="PolicyProjection"/> (no I/O): may this caller use a
/// permission in a team, and may it see an entity. Denies by default: an anonymous caller, an unknown permission, an
/// unknown team or a token scope that does not admit the question all answer false.
/// <list type="bullet">
/// <item>A caller holds a permission in team T when a global role grants it, a team role assigned in T grants it, a
/// personal role grants it and T is their personal team, or their membership of T grants it (<see cref="MembershipGrants"/>).
/// Outside any team, global roles and <see cref="MembershipGrants.EveryUser"/> count.</item>
/// <item>A platform admin holds a role granting `*` at global scope, or is the configured PLATFORM_ADMIN_EMAIL (who holds
/// `platform_admin` from the first start and cannot lose it). The token's `is_admin` claim is not consulted.</item>
/// <item>A token narrows and never widens: its team and permission scope must admit the question, and its user must hold
/// the permission now.</item>
/// </list>
/// </summary>
public sealed class PolicyEvaluator(PolicyProjection projection, TimeProvider time, IOptions<TokenAuthenticationOptions> options)
{
    private readonly string _platformAdmin = Caller.NormalizeEmail(options.Value.PlatformAdminEmail);

    /// <summary>May <paramref name="caller"/> use <paramref name="permission"/> in <paramref name="teamId"/> (null: outside any team)?</summary>
    public bool IsAllowed(Caller caller, string permission, string? teamId = null)
    {
        if (caller.Principal is not { } principal || !Permissions.IsCatalogued(permission))
        {
            return false;
        }
        if (caller.Scope is { } scope && !(scope.AdmitsTeam(teamId) && scope.Admits(permission)))
        {
            return false;
        }
        var snapshot = projection.Current;
        if (teamId is not null && !snapshot.Teams.ContainsKey(teamId))
        {
            return false;
        }
        return Holds(snapshot, caller, principal, permission, teamId);
    }

    /// <summary>
    /// May <paramref name="caller"/> see <paramref name="entity"/>? `public`: every authenticated caller; `team`: the
    /// members of its team; `private`: its owner; platform admins: all. A team-scoped token sees only its team's
    /// entities and public ones.
    /// </summary>
    public bool CanSee(Caller caller, ScopedEntity entity)
    {
        if (caller.Principal is not { } principal)
        {
            return false;
        }
        var isPublic = string.Equals(entity.Visibility, Visibility.Public, StringComparison.Ordinal);
        if (caller.Scope?.TeamId is { } tokenTeam && !isPublic && !string.Equals(tokenTeam, entity.TeamId, StringComparison.Ordinal))
        {
            return false;
        }
        var snapshot = projection.Current;
        if (IsAdmin(snapshot, caller, principal))
        {
            return true;
        }
        return entity.Visibility switch
        {
            Visibility.Public => true,
            Visibility.Team => entity.TeamId is { } teamId && snapshot.PrincipalOrEmpty(principal).Memberships.ContainsKey(teamId),
            Visibility.Private => caller.IsUser && entity.OwnerEmail is { } owner && string.Equals(Caller.NormalizeEmail(owner), principal, StringComparison.Ordinal),
            _ => false,
        };
    }

    /// <summary>
    /// May <paramref name="caller"/> see the team itself? Its members and platform admins may; anyone may see a public
    /// team (it is discoverable). A team-scoped token sees its own team and public ones. An unknown team: no.
    /// </summary>
    public bool CanSeeTeam(Caller caller, string teamId)
    {
        var snapshot = projection.Current;
        if (caller.Principal is not { } principal || !snapshot.Teams.TryGetValue(teamId, out var team))
        {
            return false;
        }
        if (caller.Scope?.TeamId is { } tokenTeam && !team.IsPublic && !string.Equals(tokenTeam, teamId, StringComparison.Ordinal))
        {
            return false;
        }
        return team.IsPublic || IsAdmin(snapshot, caller, principal) || snapshot.PrincipalOrEmpty(principal).Memberships.ContainsKey(teamId);
    }

    /// <summary>Is the caller a platform admin, for a question about the whole platform (its token unscoped to a team)?</summary>
    public bool IsPlatformAdmin(Caller caller) =>
        caller.Principal is { } principal && caller.Scope?.TeamId is null && IsAdmin(projection.Current, caller, principal);

    /// <summary>Every catalogued permission <paramref name="caller"/> may use in <paramref name="teamId"/>, in catalog order.</summary>
    public IReadOnlyList<string> PermissionsOf(Caller caller, string? teamId = null) =>
        Permissions.All.Where(p => IsAllowed(caller, p, teamId)).ToArray();

    private bool Holds(PolicySnapshot snapshot, Caller caller, string principal, string permission, string? teamId)
    {
        if (caller.IsUser && string.Equals(principal, _platformAdmin, StringComparison.Ordinal))
        {
            return true;
        }
        var facts = snapshot.PrincipalOrEmpty(principal);
        if (!facts.Assignments.IsEmpty)
        {
            var now = time.GetUtcNow().UtcDateTime;
            foreach (var (_, assignment) in facts.Assignments)
            {
                if (Applies(assignment, facts, teamId, now) && snapshot.Roles.TryGetValue(assignment.RoleId, out var role) && role.Grants(permission))
                {
                    return true;
                }
            }
        }
        if (teamId is null)
        {
            return caller.IsUser && MembershipGrants.EveryUser.Contains(permission);
        }
        return facts.Memberships.TryGetValue(teamId, out var membership) && MembershipGrants.For(membership).Contains(permission);
    }

    private bool IsAdmin(PolicySnapshot snapshot, Caller caller, string principal)
    {
        if (caller.IsUser && string.Equals(principal, _platformAdmin, StringComparison.Ordinal))
        {
            return true;
        }
        var facts = snapshot.PrincipalOrEmpty(principal);
        if (facts.Assignments.IsEmpty)
        {
            return false;
        }
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var (_, assignment) in facts.Assignments)
        {
            if (assignment.Scope == RoleScopes.Global && NotExpired(assignment, now)
                && snapshot.Roles.TryGetValue(assignment.RoleId, out var role) && role.GrantsEverything)
            {
                return true;
            }
        }
        return false;
    }

    private static bool Applies(AssignmentFacts assignment, PrincipalFacts facts, string? teamId, DateTime now) =>
        NotExpired(assignment, now) && assignment.Scope switch
        {
            RoleScopes.Global => true,
            RoleScopes.Team => teamId is not null && string.Equals(assignment.ScopeId, teamId, StringComparison.Ordinal),
            RoleScopes.Personal => teamId is not null && string.Equals(facts.PersonalTeamId, teamId, StringComparison.Ordinal),
            _ => false,
        };

    private static bool NotExpired(AssignmentFacts assignment, DateTime now) => assignment.ExpiresAt is not { } expires || expires > now;
}
