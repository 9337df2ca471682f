namespace McpGateway.Auth.Tokens;

/// <summary>
/// The permissions an API token may be restricted to: ContextForge's `{resource}.{action}` names, the same catalog the
/// teams service grants through roles, and `*`. An API token only ever narrows what its user holds, so a name outside the
/// catalog is refused, and so are the platform administrator's own permissions (`*`, `admin.*`) for anyone else.
/// What a user holds in a team is the teams service's to say: once the shared policy evaluator (ServiceDefaults
/// Authorization, fed by teams events) runs here, it checks `team_id` membership and the exact subset at creation too.
/// </summary>
public static class PermissionCatalog
{
    public const string Wildcard = "*";
    public const string AdminPrefix = "admin.";

    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        "tools.create", "tools.read", "tools.update", "tools.delete", "tools.execute",
        "resources.create", "resources.read", "resources.update", "resources.delete",
        "prompts.create", "prompts.read", "prompts.update", "prompts.delete", "prompts.execute",
        "servers.create", "servers.read", "servers.update", "servers.delete", "servers.manage",
        "gateways.create", "gateways.read", "gateways.update", "gateways.delete",
        "teams.create", "teams.read", "teams.update", "teams.delete", "teams.join", "teams.manage_members",
        "users.create", "users.read", "users.update", "users.delete", "users.invite",
        "tokens.create", "tokens.read", "tokens.revoke",
        "admin.system_config", "admin.user_management", "admin.security_audit",
        Wildcard,
    };

    /// <summary>Permissions only a platform administrator holds, whatever roles say.</summary>
    public static bool IsPlatformAdminOnly(string permission) =>
        permission == Wildcard || permission.StartsWith(AdminPrefix, StringComparison.Ordinal);
}
