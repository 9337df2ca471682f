namespace McpGateway.Contracts;

// teams → everyone: what other services project to decide visibility and permissions locally.

/// <summary>A team exists. <paramref name="Visibility"/> is `private` or `public`.</summary>
public sealed record TeamCreated(string TeamId, string Name, string Slug, bool IsPersonal, string Visibility, string CreatedBy) : IntegrationEvent;

/// <summary>A team's name, slug or visibility changed.</summary>
public sealed record TeamUpdated(string TeamId, string Name, string Slug, string Visibility) : IntegrationEvent;

/// <summary>A team is gone; its members lose what they held through it.</summary>
public sealed record TeamDeleted(string TeamId) : IntegrationEvent;

/// <summary>A user joined a team with a membership role (`owner` or `member`).</summary>
public sealed record TeamMemberAdded(string TeamId, string UserEmail, string Role) : IntegrationEvent;

/// <summary>A user left or was removed from a team.</summary>
public sealed record TeamMemberRemoved(string TeamId, string UserEmail) : IntegrationEvent;

/// <summary>A member's membership role changed (`owner` or `member`).</summary>
public sealed record TeamMemberRoleChanged(string TeamId, string UserEmail, string Role) : IntegrationEvent;
