namespace McpGateway.ServiceDefaults.Authorization;

/// <summary>Who sees a catalog entity (ContextForge's `visibility`): stored and sent lowercase.</summary>
public static class Visibility
{
    /// <summary>Its owner (and platform admins).</summary>
    public const string Private = "private";
    /// <summary>The members of its team.</summary>
    public const string Team = "team";
    /// <summary>Every authenticated caller.</summary>
    public const string Public = "public";
}

/// <summary>What the policy needs to know about an entity to decide who sees it: its team, owner and visibility.</summary>
public readonly record struct ScopedEntity(string? TeamId, string? OwnerEmail, string Visibility);
