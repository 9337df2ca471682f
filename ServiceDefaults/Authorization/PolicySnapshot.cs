using System.Collections.Frozen;
using System.Collections.Immutable;

namespace McpGateway.ServiceDefaults.Authorization;

/// <summary>What the policy knows of a team: whether it is someone's personal team, and whether anyone may discover it.</summary>
public sealed record TeamFacts(string TeamId, bool IsPersonal, bool IsPublic, string CreatedBy);

/// <summary>A role as decisions need it: its effective permissions (inherited ones included); none while inactive.</summary>
public sealed record RoleFacts(string RoleId, string Name, FrozenSet<string> Permissions)
{
    public bool GrantsEverything { get; } = Permissions.Contains(Authorization.Permissions.Wildcard);

    public bool Grants(string permission) => GrantsEverything || Permissions.Contains(permission);
}

/// <summary>One role granted to one principal at a scope, until <paramref name="ExpiresAt"/> (null: until revoked).</summary>
public sealed record AssignmentFacts(string AssignmentId, string RoleId, string Scope, string? ScopeId, DateTime? ExpiresAt);

/// <summary>Everything about one principal: the teams they are in (with their membership role) and their role assignments.</summary>
public sealed record PrincipalFacts(
    ImmutableDictionary<string, string> Memberships,
    ImmutableDictionary<string, AssignmentFacts> Assignments,
    string? PersonalTeamId)
{
    public static readonly PrincipalFacts Empty = new(
        ImmutableDictionary.Create<string, string>(StringComparer.Ordinal),
        ImmutableDictionary.Create<string, AssignmentFacts>(StringComparer.Ordinal),
        null);

    public bool IsEmpty => Memberships.IsEmpty && Assignments.IsEmpty && PersonalTeamId is null;
}

/// <summary>
/// An immutable picture of teams, memberships, roles and assignments. Decisions read one snapshot without locks;
/// a change builds the next snapshot (sharing everything it did not touch) and swaps it in.
/// </summary>
public sealed record PolicySnapshot(
    ImmutableDictionary<string, TeamFacts> Teams,
    ImmutableDictionary<string, RoleFacts> Roles,
    ImmutableDictionary<string, PrincipalFacts> Principals)
{
    /// <summary>Only the built-in roles: what every service knows before its first event.</summary>
    public static PolicySnapshot Initial { get; } = new(
        ImmutableDictionary.Create<string, TeamFacts>(StringComparer.Ordinal),
        DefaultRoles.All.ToImmutableDictionary(r => r.Id, r => new RoleFacts(r.Id, r.Name, r.Permissions), StringComparer.Ordinal),
        ImmutableDictionary.Create<string, PrincipalFacts>(StringComparer.Ordinal));

    public PrincipalFacts PrincipalOrEmpty(string principal) =>
        Principals.TryGetValue(principal, out var facts) ? facts : PrincipalFacts.Empty;

    internal PolicySnapshot WithPrincipal(string principal, PrincipalFacts facts) =>
        this with { Principals = facts.IsEmpty ? Principals.Remove(principal) : Principals.SetItem(principal, facts) };
}
