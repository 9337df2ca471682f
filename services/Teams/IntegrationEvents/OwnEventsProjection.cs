using System.Collections.Concurrent;
using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Authorization;
using McpGateway.ServiceDefaults.Messaging;

namespace McpGateway.Teams.IntegrationEvents;

/// <summary>
/// Teams decides on the same projection every service keeps, and applies its own events to it the moment they commit
/// (read-your-writes: whoever just created a team may use it on the next request). Other replicas learn them from the
/// transport. The transport brings this replica's own events back too, possibly after newer ones were applied here, so
/// it remembers what it applied and <see cref="ReplicaProjection"/> skips those (re-applying a late
/// <c>RoleAssigned</c> after the member's removal would hand the role back).
/// </summary>
public sealed class OwnEventsProjection(PolicyProjection projection) : ICommittedEventsObserver
{
    /// <summary>Bounds the memory if the transport never brings an event back (it is dropped after this many).</summary>
    private const int Remembered = 65_536;

    private readonly ConcurrentDictionary<Guid, byte> _applied = new();
    private readonly ConcurrentQueue<Guid> _order = new();

    public void OnCommitted(IReadOnlyList<IntegrationEvent> events)
    {
        foreach (var integrationEvent in events)
        {
            projection.Apply(integrationEvent);
            _applied[integrationEvent.EventId] = 0;
            _order.Enqueue(integrationEvent.EventId);
        }

        while (_order.Count > Remembered && _order.TryDequeue(out var oldest))
        {
            _applied.TryRemove(oldest, out _);
        }
    }

    /// <summary>True once for an event this replica already applied at commit.</summary>
    public bool TakeApplied(Guid eventId) => _applied.TryRemove(eventId, out _);
}
