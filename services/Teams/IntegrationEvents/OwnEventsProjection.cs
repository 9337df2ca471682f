using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Authorization;
using McpGateway.ServiceDefaults.Messaging;

namespace McpGateway.Teams.IntegrationEvents;

/// <summary>
/// Teams decides on the same projection every service keeps, and applies its own events to it the moment they commit
/// (read-your-writes: whoever just created a team may use it on the next request). Other replicas learn them from the
/// transport.
/// </summary>
internal sealed class OwnEventsProjection(PolicyProjection projection) : ICommittedEventsObserver
{
    public void OnCommitted(IReadOnlyList<IntegrationEvent> events)
    {
        foreach (var integrationEvent in events)
        {
            projection.Apply(integrationEvent);
        }
    }
}
