using System.Collections.Frozen;
using static McpGateway.ServiceDefaults.Authorization.Permissions;

namespace McpGateway.ServiceDefaults.Authorization;

/// <summary>
/// What belonging to a team grants by itself, in that team only, with no role assigned (ContextForge's "team fallback
/// permissions" of v0.7's permission service, and its later `default_team_owner_role=team_admin`,
/// `default_team_member_role=viewer`): an owner holds <see cref="DefaultRoles.TeamAdmin"/>'s permissions and may delete
/// the team; a plain member holds <see cref="DefaultRoles.Viewer"/>'s. And any signed-in user may, outside any team,
/// create a team, read the teams they see, and ask to join a public one.
/// </summary>
public static class MembershipGrants
{
    public const string Owner = "owner";
    public const string Member = "member";

    public static FrozenSet<string> OwnerPermissions { get; } =
        DefaultRoles.TeamAdmin.Permissions.Append(TeamsDelete).ToFrozenSet(StringComparer.Ordinal);

    public static FrozenSet<string> MemberPermissions { get; } = DefaultRoles.Viewer.Permissions;

    /// <summary>What every user (not a client) holds when the question names no team.</summary>
    public static FrozenSet<string> EveryUser { get; } = new[] { TeamsCreate, TeamsRead, TeamsJoin }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The permissions a membership role grants in its team; none for an unknown role.</summary>
    public static FrozenSet<string> For(string membershipRole) => membershipRole switch
    {
        Owner => OwnerPermissions,
        Member => MemberPermissions,
        _ => FrozenSet<string>.Empty,
    };
}
