using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Authorization;
using McpGateway.ServiceDefaults.Messaging;

namespace McpGateway.Teams.IntegrationEvents;

/// <summary>
/// The changes other replicas of teams made, applied to this replica's projection (its own were applied at commit by
/// <see cref="OwnEventsProjection"/> and are skipped when the transport brings them back).
/// </summary>
public sealed class ReplicaProjection(PolicyProjection projection, OwnEventsProjection own) : PolicyEventsConsumer
{
    protected override void Apply(IntegrationEvent integrationEvent)
    {
        if (!own.TakeApplied(integrationEvent.EventId))
        {
            projection.Apply(integrationEvent);
        }
    }
}
