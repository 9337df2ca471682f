using System.Collections.Frozen;
using System.Collections.Immutable;
using McpGateway.Contracts;

namespace McpGateway.ServiceDefaults.Authorization;

/// <summary>
/// The in-memory projection every decision reads: teams, memberships, roles and role assignments, kept current by the
/// teams service's events (<see cref="Apply(IntegrationEvent)"/>; each event is idempotent, so a redelivered or
/// self-applied one changes nothing). Readers take <see cref="Current"/> without locking; writers serialize and swap a
/// new snapshot. A replica loads it at start-up (<see cref="Load"/>), before its own queue exists; <see cref="CatchUp"/>,
/// once that queue listens, adds what was published in between.
/// </summary>
public sealed class PolicyProjection
{
    private readonly Lock _writer = new();
    private volatile PolicySnapshot _current = PolicySnapshot.Initial;
    // The events applied since Load, in order, kept until CatchUp re-applies them.
    private List<IntegrationEvent>? _heard;

    /// <summary>The snapshot decisions read; replaced whole on every change.</summary>
    public PolicySnapshot Current => _current;

    /// <summary>
    /// Replaces everything with <paramref name="state"/> (start-up), and remembers every event applied from now on until
    /// <see cref="CatchUp"/>. Built-in roles stay as they are built in.
    /// </summary>
    public void Load(PolicyState state)
    {
        lock (_writer)
        {
            _current = Build(state);
            _heard = [];
        }
    }

    /// <summary>
    /// Once this replica hears every event (its queue listens): replaces everything with <paramref name="state"/>, a newer
    /// read of the store <see cref="Load"/> read, then applies again, in order, every event heard since that load, and
    /// stops remembering. The newer read brings what was published before the queue existed (the replica never hears
    /// it); re-applying what it heard keeps every change it already holds, a revocation the store has not recorded yet
    /// included, so a catch-up never grants what a heard event took away. Returns how many events were applied again.
    /// </summary>
    public int CatchUp(PolicyState state)
    {
        lock (_writer)
        {
            var heard = _heard ?? [];
            _heard = null;
            _current = Build(state);
            foreach (var integrationEvent in heard)
            {
                Dispatch(integrationEvent);
            }
            return heard.Count;
        }
    }

    private static PolicySnapshot Build(PolicyState state)
    {
        var snapshot = PolicySnapshot.Initial;
        var roles = snapshot.Roles.ToBuilder();
        foreach (var role in state.Roles.Where(r => !DefaultRoles.IsDefault(r.RoleId)))
        {
            roles[role.RoleId] = role;
        }
        var teams = state.Teams.ToImmutableDictionary(t => t.TeamId, StringComparer.Ordinal);
        var principals = new Dictionary<string, PrincipalFacts>(StringComparer.Ordinal);
        PrincipalFacts Of(string principal) => principals.TryGetValue(principal, out var facts) ? facts : PrincipalFacts.Empty;
        foreach (var team in state.Teams.Where(t => t.IsPersonal))
        {
            principals[team.CreatedBy] = Of(team.CreatedBy) with { PersonalTeamId = team.TeamId };
        }
        foreach (var membership in state.Memberships)
        {
            var facts = Of(membership.Principal);
            principals[membership.Principal] = facts with { Memberships = facts.Memberships.SetItem(membership.TeamId, membership.Role) };
        }
        foreach (var assignment in state.Assignments)
        {
            var facts = Of(assignment.Principal);
            principals[assignment.Principal] = facts with { Assignments = facts.Assignments.SetItem(assignment.Facts.AssignmentId, assignment.Facts) };
        }
        return new PolicySnapshot(teams, roles.ToImmutable(), principals.ToImmutableDictionary(StringComparer.Ordinal));
    }

    /// <summary>Applies any event this projection understands; others are ignored. True when it was one of ours.</summary>
    public bool Apply(IntegrationEvent integrationEvent)
    {
        lock (_writer)
        {
            if (!Dispatch(integrationEvent))
            {
                return false;
            }
            _heard?.Add(integrationEvent);
            return true;
        }
    }

    private bool Dispatch(IntegrationEvent integrationEvent)
    {
        switch (integrationEvent)
        {
            case TeamCreated e: Apply(e); return true;
            case TeamUpdated e: Apply(e); return true;
            case TeamDeleted e: Apply(e); return true;
            case TeamMemberAdded e: Apply(e); return true;
            case TeamMemberRemoved e: Apply(e); return true;
            case TeamMemberRoleChanged e: Apply(e); return true;
            case RoleAssigned e: Apply(e); return true;
            case RoleRevoked e: Apply(e); return true;
            case RoleUpdated e: Apply(e); return true;
            case UserDeleted e: Apply(e); return true;
            default: return false;
        }
    }

    private void Apply(TeamCreated e) => Swap(s =>
    {
        var team = new TeamFacts(e.TeamId, e.IsPersonal, IsPublic(e.Visibility), Caller.NormalizeEmail(e.CreatedBy));
        s = s with { Teams = s.Teams.SetItem(e.TeamId, team) };
        return e.IsPersonal ? s.WithPrincipal(team.CreatedBy, s.PrincipalOrEmpty(team.CreatedBy) with { PersonalTeamId = e.TeamId }) : s;
    });

    private void Apply(TeamUpdated e) => Swap(s =>
        s.Teams.TryGetValue(e.TeamId, out var team) ? s with { Teams = s.Teams.SetItem(e.TeamId, team with { IsPublic = IsPublic(e.Visibility) }) } : s);

    /// <summary>The team goes, and with it every membership of it and every assignment scoped to it.</summary>
    private void Apply(TeamDeleted e) => Swap(s =>
    {
        s = s with { Teams = s.Teams.Remove(e.TeamId) };
        foreach (var (principal, facts) in s.Principals)
        {
            var scoped = facts.Assignments.Values.Where(a => a.ScopeId == e.TeamId).Select(a => a.AssignmentId).ToList();
            if (facts.Memberships.ContainsKey(e.TeamId) || scoped.Count > 0 || facts.PersonalTeamId == e.TeamId)
            {
                s = s.WithPrincipal(principal, facts with
                {
                    Memberships = facts.Memberships.Remove(e.TeamId),
                    Assignments = facts.Assignments.RemoveRange(scoped),
                    PersonalTeamId = facts.PersonalTeamId == e.TeamId ? null : facts.PersonalTeamId,
                });
            }
        }
        return s;
    });

    private void Apply(TeamMemberAdded e) => SetMembership(e.TeamId, e.UserEmail, e.Role);

    private void Apply(TeamMemberRoleChanged e) => SetMembership(e.TeamId, e.UserEmail, e.Role);

    private void Apply(TeamMemberRemoved e) => Swap(s =>
    {
        var principal = Caller.NormalizeEmail(e.UserEmail);
        var facts = s.PrincipalOrEmpty(principal);
        return s.WithPrincipal(principal, facts with { Memberships = facts.Memberships.Remove(e.TeamId) });
    });

    /// <summary>Records the assignment and learns (or refreshes) the role's permissions, which the event carries.</summary>
    private void Apply(RoleAssigned e) => Swap(s =>
    {
        s = WithRole(s, e.RoleId, e.RoleName, e.Permissions);
        var principal = PrincipalKey(e.UserEmail);
        var facts = s.PrincipalOrEmpty(principal);
        var assignment = new AssignmentFacts(e.AssignmentId, e.RoleId, e.Scope, e.ScopeId, e.ExpiresAt);
        return s.WithPrincipal(principal, facts with { Assignments = facts.Assignments.SetItem(e.AssignmentId, assignment) });
    });

    private void Apply(RoleRevoked e) => Swap(s =>
    {
        var principal = PrincipalKey(e.UserEmail);
        var facts = s.PrincipalOrEmpty(principal);
        return s.WithPrincipal(principal, facts with { Assignments = facts.Assignments.Remove(e.AssignmentId) });
    });

    private void Apply(RoleUpdated e) => Swap(s => WithRole(s, e.RoleId, e.RoleName, e.Permissions));

    /// <summary>A deleted account holds nothing any more.</summary>
    private void Apply(UserDeleted e) => Swap(s => s with { Principals = s.Principals.Remove(Caller.NormalizeEmail(e.Email)) });

    private void SetMembership(string teamId, string email, string role) => Swap(s =>
    {
        var principal = Caller.NormalizeEmail(email);
        var facts = s.PrincipalOrEmpty(principal);
        return s.WithPrincipal(principal, facts with { Memberships = facts.Memberships.SetItem(teamId, role) });
    });

    // Built-in roles are fixed in code: an event can never widen or narrow them.
    private static PolicySnapshot WithRole(PolicySnapshot s, string roleId, string name, IEnumerable<string> permissions) =>
        DefaultRoles.IsDefault(roleId)
            ? s
            : s with { Roles = s.Roles.SetItem(roleId, new RoleFacts(roleId, name, permissions.ToFrozenSet(StringComparer.Ordinal))) };

    /// <summary>Users are keyed by normalized email; clients by their id as given.</summary>
    public static string PrincipalKey(string principal) => principal.Contains('@') ? Caller.NormalizeEmail(principal) : principal.Trim();

    private static bool IsPublic(string visibility) => string.Equals(visibility, Visibility.Public, StringComparison.OrdinalIgnoreCase);

    // Every writer reaches here through Apply or CatchUp, which hold _writer.
    private void Swap(Func<PolicySnapshot, PolicySnapshot> change) => _current = change(_current);
}
