using MassTransit;
using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Authorization;

namespace McpGateway.Teams.IntegrationEvents;

/// <summary>
/// The changes other replicas of teams made, applied to this replica's projection (its own were applied at commit by
/// <see cref="OwnEventsProjection"/> and are skipped when the transport brings them back).
/// </summary>
public sealed class ReplicaProjection(PolicyProjection projection, OwnEventsProjection own) :
    IConsumer<TeamCreated>, IConsumer<TeamUpdated>, IConsumer<TeamDeleted>,
    IConsumer<TeamMemberAdded>, IConsumer<TeamMemberRemoved>, IConsumer<TeamMemberRoleChanged>,
    IConsumer<RoleAssigned>, IConsumer<RoleRevoked>, IConsumer<RoleUpdated>
{
    public Task Consume(ConsumeContext<TeamCreated> context) => Apply(context.Message);
    public Task Consume(ConsumeContext<TeamUpdated> context) => Apply(context.Message);
    public Task Consume(ConsumeContext<TeamDeleted> context) => Apply(context.Message);
    public Task Consume(ConsumeContext<TeamMemberAdded> context) => Apply(context.Message);
    public Task Consume(ConsumeContext<TeamMemberRemoved> context) => Apply(context.Message);
    public Task Consume(ConsumeContext<TeamMemberRoleChanged> context) => Apply(context.Message);
    public Task Consume(ConsumeContext<RoleAssigned> context) => Apply(context.Message);
    public Task Consume(ConsumeContext<RoleRevoked> context) => Apply(context.Message);
    public Task Consume(ConsumeContext<RoleUpdated> context) => Apply(context.Message);

    private Task Apply(IntegrationEvent integrationEvent)
    {
        if (!own.TakeApplied(integrationEvent.EventId))
        {
            projection.Apply(integrationEvent);
        }

        return Task.CompletedTask;
    }
}
