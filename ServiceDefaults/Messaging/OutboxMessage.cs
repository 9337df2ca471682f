namespace McpGateway.ServiceDefaults.Messaging;

/// <summary>
/// An integration event waiting to be published, stored in the producing service's own database in the same
/// transaction as the state change it announces (the transactional outbox): the change and its event commit
/// together or not at all, and <see cref="Outbox.OutboxDispatcher{TContext}"/> relays what is pending, in
/// <see cref="Sequence"/> order, at least once.
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>Assigned by the database on insert: the order in which events are relayed.</summary>
    public long Sequence { get; set; }

    /// <summary>The event's <c>EventId</c>; the transport's message id, which consumers remember to ignore a redelivery.</summary>
    public string MessageId { get; set; } = "";

    /// <summary>The event's contract type, e.g. `McpGateway.Contracts.UserCreated`.</summary>
    public string Type { get; set; } = "";

    /// <summary>The event as JSON (<see cref="IntegrationEventSerializer"/>).</summary>
    public string Payload { get; set; } = "";

    /// <summary>When the event was staged, just before its transaction committed: where delivery latency is measured from.</summary>
    public DateTime OccurredAt { get; set; }

    /// <summary>When the transport accepted it; null while pending.</summary>
    public DateTime? DispatchedAt { get; set; }

    /// <summary>Failed attempts to hand it to the transport (the transport was down); with <see cref="LastError"/>, for operators.</summary>
    public int Attempts { get; set; }

    public string? LastError { get; set; }

    /// <summary>The event itself while it is staged in this process (not stored): what <see cref="ICommittedEventsObserver"/>s hear.</summary>
    public Contracts.IntegrationEvent? Event { get; set; }
}
