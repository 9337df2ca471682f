using System.Collections.Frozen;

namespace McpGateway.ServiceDefaults.Authorization;

/// <summary>
/// The permission catalog, with ContextForge's names: `{resource}.{action}`. Roles grant these;
/// <see cref="Wildcard"/> grants all of them.
/// </summary>
public static class Permissions
{
    public const string Wildcard = "*";

    public const string ToolsCreate = "tools.create";
    public const string ToolsRead = "tools.read";
    public const string ToolsUpdate = "tools.update";
    public const string ToolsDelete = "tools.delete";
    public const string ToolsExecute = "tools.execute";

    public const string ResourcesCreate = "resources.create";
    public const string ResourcesRead = "resources.read";
    public const string ResourcesUpdate = "resources.update";
    public const string ResourcesDelete = "resources.delete";

    public const string PromptsCreate = "prompts.create";
    public const string PromptsRead = "prompts.read";
    public const string PromptsUpdate = "prompts.update";
    public const string PromptsDelete = "prompts.delete";
    public const string PromptsExecute = "prompts.execute";

    public const string ServersCreate = "servers.create";
    public const string ServersRead = "servers.read";
    public const string ServersUpdate = "servers.update";
    public const string ServersDelete = "servers.delete";
    public const string ServersManage = "servers.manage";

    public const string GatewaysCreate = "gateways.create";
    public const string GatewaysRead = "gateways.read";
    public const string GatewaysUpdate = "gateways.update";
    public const string GatewaysDelete = "gateways.delete";

    public const string TeamsCreate = "teams.create";
    public const string TeamsRead = "teams.read";
    public const string TeamsUpdate = "teams.update";
    public const string TeamsDelete = "teams.delete";
    public const string TeamsJoin = "teams.join";
    public const string TeamsManageMembers = "teams.manage_members";

    public const string UsersCreate = "users.create";
    public const string UsersRead = "users.read";
    public const string UsersUpdate = "users.update";
    public const string UsersDelete = "users.delete";
    public const string UsersInvite = "users.invite";

    public const string TokensCreate = "tokens.create";
    public const string TokensRead = "tokens.read";
    public const string TokensRevoke = "tokens.revoke";

    public const string AdminSystemConfig = "admin.system_config";
    public const string AdminUserManagement = "admin.user_management";
    public const string AdminSecurityAudit = "admin.security_audit";

    /// <summary>Every permission (not the wildcard), sorted ordinally as ContextForge lists them.</summary>
    public static IReadOnlyList<string> All { get; } = new[]
    {
        ToolsCreate, ToolsRead, ToolsUpdate, ToolsDelete, ToolsExecute,
        ResourcesCreate, ResourcesRead, ResourcesUpdate, ResourcesDelete,
        PromptsCreate, PromptsRead, PromptsUpdate, PromptsDelete, PromptsExecute,
        ServersCreate, ServersRead, ServersUpdate, ServersDelete, ServersManage,
        GatewaysCreate, GatewaysRead, GatewaysUpdate, GatewaysDelete,
        TeamsCreate, TeamsRead, TeamsUpdate, TeamsDelete, TeamsJoin, TeamsManageMembers,
        UsersCreate, UsersRead, UsersUpdate, UsersDelete, UsersInvite,
        TokensCreate, TokensRead, TokensRevoke,
        AdminSystemConfig, AdminUserManagement, AdminSecurityAudit,
    }.Order(StringComparer.Ordinal).ToArray();

    /// <summary>The permissions grouped by resource (`tools` → `tools.create`, ...), resources in ordinal order.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> ByResource { get; } =
        new SortedDictionary<string, IReadOnlyList<string>>(
            All.GroupBy(ResourceOf).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.ToArray()),
            StringComparer.Ordinal);

    private static readonly FrozenSet<string> Known = new HashSet<string>([.. All, Wildcard], StringComparer.Ordinal).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The resource a permission is about: `tools` for `tools.execute`.</summary>
    public static string ResourceOf(string permission) => permission.Split('.', 2)[0];

    private static readonly FrozenSet<string> Catalogued = All.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>True for a permission of the catalog or the wildcard: what a role may grant.</summary>
    public static bool IsKnown(string permission) => Known.Contains(permission);

    /// <summary>True for a permission of the catalog (not the wildcard): what a caller may be asked to hold.</summary>
    public static bool IsCatalogued(string permission) => Catalogued.Contains(permission);
}
