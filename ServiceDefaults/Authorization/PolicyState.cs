namespace McpGateway.ServiceDefaults.Authorization;

/// <summary>
/// Everything a projection holds, as rows: what a service loads at start-up from wherever it keeps its projection
/// (the teams service from its own tables, other services from their projection tables).
/// </summary>
public sealed record PolicyState(
    IReadOnlyCollection<TeamFacts> Teams,
    IReadOnlyCollection<PolicyState.Membership> Memberships,
    IReadOnlyCollection<RoleFacts> Roles,
    IReadOnlyCollection<PolicyState.Assignment> Assignments)
{
    public sealed record Membership(string TeamId, string Principal, string Role);

    public sealed record Assignment(string Principal, AssignmentFacts Facts);
}
