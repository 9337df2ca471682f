using System.Collections.Frozen;
using static McpGateway.ServiceDefaults.Authorization.Permissions;

namespace McpGateway.ServiceDefaults.Authorization;

/// <summary>A built-in role: seeded by the teams service with this id, and known to every service without an event.</summary>
public sealed record DefaultRole(string Id, string Name, string Description, string Scope, FrozenSet<string> Permissions);

/// <summary>
/// The system roles, with ContextForge's names (mcpgateway/bootstrap_db.py, `bootstrap_default_roles`). Their ids are
/// their names, so every service and every replica agree on them, and they cannot be changed through the API (as in
/// ContextForge, whose role service refuses to modify system roles): a decision never waits for an event to learn them.
/// The sets start from ContextForge v0.7's and add what v0.7 left out and its later releases grant (see README.md,
/// "Teams and RBAC"): reading servers and gateways for all three, and creating, changing and deleting catalog entities
/// for `developer` and `team_admin`, so "a viewer reads, a developer also executes tools and builds in its team".
/// </summary>
public static class DefaultRoles
{
    private static readonly string[] Reading =
        [TeamsRead, TeamsJoin, ToolsRead, ResourcesRead, PromptsRead, ServersRead, GatewaysRead];

    private static readonly string[] Building =
    [
        ToolsExecute, PromptsExecute,
        ToolsCreate, ToolsUpdate, ToolsDelete,
        ResourcesCreate, ResourcesUpdate, ResourcesDelete,
        PromptsCreate, PromptsUpdate, PromptsDelete,
        ServersCreate, ServersUpdate, ServersDelete,
        GatewaysCreate, GatewaysUpdate, GatewaysDelete,
        TokensCreate, TokensRead, TokensRevoke,
    ];

    /// <summary>`*` everywhere: the platform administrator.</summary>
    public static readonly DefaultRole PlatformAdmin = new("platform_admin", "platform_admin",
        "Platform administrator with all permissions", RoleScopes.Global, Set(Wildcard));

    /// <summary>Runs a team: everything a developer does, plus the team's settings and members.</summary>
    public static readonly DefaultRole TeamAdmin = new("team_admin", "team_admin",
        "Team administrator with team management permissions", RoleScopes.Team,
        Set([.. Reading, .. Building, TeamsUpdate, TeamsManageMembers, ServersManage]));

    /// <summary>Reads, executes tools and prompts, and creates, changes and deletes the team's catalog entities.</summary>
    public static readonly DefaultRole Developer = new("developer", "developer",
        "Developer with tool and resource access", RoleScopes.Team, Set([.. Reading, .. Building]));

    /// <summary>Reads the team's catalog; executes and changes nothing.</summary>
    public static readonly DefaultRole Viewer = new("viewer", "viewer",
        "Read-only access to resources", RoleScopes.Team, Set(Reading));

    public static IReadOnlyList<DefaultRole> All { get; } = [PlatformAdmin, TeamAdmin, Developer, Viewer];

    public static bool IsDefault(string roleId) => All.Any(r => r.Id == roleId);

    private static FrozenSet<string> Set(params string[] permissions) => permissions.ToFrozenSet(StringComparer.Ordinal);
}
