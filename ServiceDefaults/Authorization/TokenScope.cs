using System.Collections.Frozen;

namespace McpGateway.ServiceDefaults.Authorization;

/// <summary>
/// What an API token was restricted to when it was minted. It only ever narrows: the token's rights are the
/// intersection of this scope with what its user holds at the moment of the decision.
/// </summary>
/// <param name="TeamId">Null: any team its user is in; else only this team (and public entities).</param>
/// <param name="Permissions">Null: any permission its user holds; else only these (the wildcard means all).</param>
/// <param name="ServerId">Null: any virtual server; else only this one (checked by the catalog, which knows servers).</param>
public sealed record TokenScope(string? TeamId, FrozenSet<string>? Permissions, string? ServerId)
{
    /// <summary>True when the scope lets <paramref name="permission"/> through (its user must still hold it).</summary>
    public bool Admits(string permission) =>
        Permissions is null || Permissions.Contains(permission) || Permissions.Contains(Authorization.Permissions.Wildcard);

    /// <summary>True when the scope lets a decision in <paramref name="teamId"/> (null: not in any team) through.</summary>
    public bool AdmitsTeam(string? teamId) => TeamId is null || string.Equals(TeamId, teamId, StringComparison.Ordinal);
}
