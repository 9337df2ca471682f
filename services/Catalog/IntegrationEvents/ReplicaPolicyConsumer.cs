using MassTransit;
using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Authorization;
using McpGateway.ServiceDefaults.Messaging;

namespace McpGateway.Catalog.IntegrationEvents;

/// <summary>
/// The policy in this replica's memory, kept from the teams service's events (and auth's deleted users) in every
/// replica (<see cref="IntegrationEventConsumers.AddInEveryReplica{TConsumer}"/>): <see cref="PolicyProjectionConsumer"/>
/// stores them once per service, in the replica reading the service's queue, so without this the other replicas would
/// go on deciding with what they loaded at start-up (a member removed from a team would still see and call its tools
/// there). The only path to memory, so each replica applies events in order.
/// </summary>
public sealed class ReplicaPolicyConsumer(PolicyProjection projection) : PolicyEventsConsumer, IConsumer<UserDeleted>
{
    public Task Consume(ConsumeContext<UserDeleted> context) => Applied(context.Message);

    protected override void Apply(IntegrationEvent integrationEvent) => projection.Apply(integrationEvent);
}
