namespace McpGateway.ServiceDefaults.Messaging.Resync;

/// <summary>
/// A producer's current state as integration events, for a service that asks (<see cref="Contracts.ResyncRequested"/>).
/// Stage the events with <c>db.AddIntegrationEvent</c> on the scope's DbContext; they commit with the request's inbox row.
/// Register with <c>services.AddScoped&lt;IStateAnnouncer, X&gt;()</c>.
/// </summary>
public interface IStateAnnouncer
{
    Task AnnounceAsync(CancellationToken cancellationToken);
}
