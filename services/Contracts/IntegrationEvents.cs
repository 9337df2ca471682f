namespace McpGateway.Contracts;

// Integration events: what one service must tell the others (ARCHITECTURE.md, "Events").
// Past-tense records, serialized by MassTransit; add fields, never rename or remove them, since
// producers and consumers deploy independently.

/// <summary>auth → teams: a user account exists; teams creates the personal team when AUTO_CREATE_PERSONAL_TEAMS is on.</summary>
public sealed record UserCreated(string Email, string? FullName, bool IsAdmin, string AuthProvider, DateTime CreatedAt);

/// <summary>teams → catalog: a team exists (membership projection for visibility checks).</summary>
public sealed record TeamCreated(string TeamId, string Name, string Slug, bool IsPersonal, string Visibility, string CreatedBy, DateTime CreatedAt);

/// <summary>teams → catalog: a user joined a team, with their role in it (`owner` or `member`).</summary>
public sealed record TeamMemberAdded(string TeamId, string UserEmail, string Role, DateTime JoinedAt);

/// <summary>teams → catalog: a user left or was removed from a team.</summary>
public sealed record TeamMemberRemoved(string TeamId, string UserEmail, DateTime RemovedAt);

/// <summary>teams → catalog: a team is gone; its members lose team-visible access.</summary>
public sealed record TeamDeleted(string TeamId, DateTime DeletedAt);

/// <summary>auth → everyone: a token id (`jti`) is revoked until it would have expired anyway (the deny-list).</summary>
public sealed record TokenRevoked(string Jti, DateTime RevokedAt, DateTime? ExpiresAt);
