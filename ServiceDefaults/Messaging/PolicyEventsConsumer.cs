using MassTransit;
using McpGateway.Contracts;

namespace McpGateway.ServiceDefaults.Messaging;

/// <summary>
/// Hears the teams service's events that the shared authorization policy is built from (teams, memberships, roles and
/// their assignments) and hands each to <see cref="Apply"/>: the base of a consumer that keeps a replica's in-memory
/// policy (<see cref="IntegrationEventConsumers.AddInEveryReplica{TConsumer}"/>).
/// </summary>
public abstract class PolicyEventsConsumer :
    IConsumer<TeamCreated>, IConsumer<TeamUpdated>, IConsumer<TeamDeleted>,
    IConsumer<TeamMemberAdded>, IConsumer<TeamMemberRemoved>, IConsumer<TeamMemberRoleChanged>,
    IConsumer<RoleAssigned>, IConsumer<RoleRevoked>, IConsumer<RoleUpdated>
{
    public Task Consume(ConsumeContext<TeamCreated> context) => Applied(context.Message);

    public Task Consume(ConsumeContext<TeamUpdated> context) => Applied(context.Message);

    public Task Consume(ConsumeContext<TeamDeleted> context) => Applied(context.Message);

    public Task Consume(ConsumeContext<TeamMemberAdded> context) => Applied(context.Message);

    public Task Consume(ConsumeContext<TeamMemberRemoved> context) => Applied(context.Message);

    public Task Consume(ConsumeContext<TeamMemberRoleChanged> context) => Applied(context.Message);

    public Task Consume(ConsumeContext<RoleAssigned> context) => Applied(context.Message);

    public Task Consume(ConsumeContext<RoleRevoked> context) => Applied(context.Message);

    public Task Consume(ConsumeContext<RoleUpdated> context) => Applied(context.Message);

    /// <summary>Applies the event to this replica's memory; it may arrive twice, so it must be idempotent.</summary>
    protected abstract void Apply(IntegrationEvent integrationEvent);

    protected Task Applied(IntegrationEvent integrationEvent)
    {
        Apply(integrationEvent);
        return Task.CompletedTask;
    }
}
