using McpGateway.Contracts;

namespace McpGateway.ServiceDefaults.Messaging;

/// <summary>
/// Hears, in this process, the integration events a commit of this process has just published: for state a service
/// derives from its own events and must see at once (read-your-writes), before the transport brings them back to the
/// service's other replicas. Called synchronously after the commit; never for a change that was rolled back.
/// Register as a singleton: <c>services.AddSingleton&lt;ICommittedEventsObserver, X&gt;()</c>.
/// </summary>
public interface ICommittedEventsObserver
{
    void OnCommitted(IReadOnlyList<IntegrationEvent> events);
}
