namespace McpGateway.ServiceDefaults.Authorization;

/// <summary>Where a role assignment applies (ContextForge's scopes), stored and sent lowercase.</summary>
public static class RoleScopes
{
    /// <summary>In every team and outside any team.</summary>
    public const string Global = "global";
    /// <summary>In one team, named by the assignment's scope id.</summary>
    public const string Team = "team";
    /// <summary>In the assignee's personal team.</summary>
    public const string Personal = "personal";
}
