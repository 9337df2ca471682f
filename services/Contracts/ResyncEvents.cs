namespace McpGateway.Contracts;

/// <summary>
/// A service asks every producer to announce again the state it owns, as the ordinary events (UserCreated,
/// TeamCreated, TeamMemberAdded, RoleAssigned, TokenRevoked...): sent on a service's first start, since a queue hears
/// only what is published after it exists. Consumers apply the announcements like any event, so a second one changes
/// nothing. All replicas of a service starting on the same day send the same event id, so producers answer once.
/// </summary>
public sealed record ResyncRequested(string Service) : IntegrationEvent;
