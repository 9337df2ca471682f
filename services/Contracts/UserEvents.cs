namespace McpGateway.Contracts;

// auth → everyone. Users are known by their email, as in ContextForge.

/// <summary>A user account exists. Teams records the user and creates the personal team (AUTO_CREATE_PERSONAL_TEAMS).</summary>
public sealed record UserCreated(string Email, string? FullName, bool IsAdmin, string AuthProvider) : IntegrationEvent;

/// <summary>A user's name or platform-admin flag changed.</summary>
public sealed record UserUpdated(string Email, string? FullName, bool IsAdmin) : IntegrationEvent;

/// <summary>A user may no longer sign in: every token issued to them before <see cref="IntegrationEvent.OccurredAt"/> is refused.</summary>
public sealed record UserDeactivated(string Email) : IntegrationEvent;

/// <summary>A deactivated user may sign in again; tokens issued before the deactivation stay refused.</summary>
public sealed record UserReactivated(string Email) : IntegrationEvent;

/// <summary>A user account is gone: its tokens are refused, its memberships and role assignments end.</summary>
public sealed record UserDeleted(string Email) : IntegrationEvent;
