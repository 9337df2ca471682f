using MassTransit;
using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Authorization;

namespace McpGateway.Catalog.IntegrationEvents;

/// <summary>
/// The policy in this replica's memory, kept from the teams service's events in every replica
/// (<see cref="ServiceDefaults.Messaging.IntegrationEventConsumers.AddInEveryReplica{TConsumer}"/>):
/// <see cref="PolicyProjectionConsumer"/> stores them once per service, in the replica reading the service's queue, so
/// without this the other replicas would go on deciding with what they loaded at start-up (a member removed from a
/// team would still see and call its tools there). The only path to memory, so each replica applies events in order.
/// </summary>
public sealed class ReplicaPolicyConsumer(PolicyProjection projection) :
    IConsumer<TeamCreated>, IConsumer<TeamUpdated>, IConsumer<TeamDeleted>,
    IConsumer<TeamMemberAdded>, IConsumer<TeamMemberRemoved>, IConsumer<TeamMemberRoleChanged>,
    IConsumer<RoleAssigned>, IConsumer<RoleRevoked>, IConsumer<RoleUpdated>, IConsumer<UserDeleted>
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

    public Task Consume(ConsumeContext<UserDeleted> context) => Apply(context.Message);

    private Task Apply(IntegrationEvent integrationEvent)
    {
        projection.Apply(integrationEvent);
        return Task.CompletedTask;
    }
}
