using McpGateway.Teams.Model;

namespace McpGateway.Teams.Rbac;

/// <summary>A role's effective permissions: its own and those of the roles it inherits from; none while it is inactive.</summary>
public static class RolePermissions
{
    public static IReadOnlyList<string> Effective(Role role, IReadOnlyDictionary<string, Role> rolesById)
    {
        var permissions = new SortedSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var current = role; current is not null && seen.Add(current.Id); current = current.InheritsFrom is { } parent ? rolesById.GetValueOrDefault(parent) : null)
        {
            if (!current.IsActive)
            {
                // An inactive role grants nothing, and neither does a chain through it.
                return current == role ? [] : [.. permissions];
            }
            permissions.UnionWith(current.Permissions);
        }
        return [.. permissions];
    }

    /// <summary>True when making <paramref name="roleId"/> inherit from <paramref name="parentId"/> would close a loop.</summary>
    public static bool WouldCycle(string roleId, string? parentId, IReadOnlyDictionary<string, Role> rolesById)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var current = parentId; current is not null && seen.Add(current); current = rolesById.GetValueOrDefault(current)?.InheritsFrom)
        {
            if (current == roleId)
            {
                return true;
            }
        }
        return false;
    }
}
