namespace McpGateway.Contracts;

/// <summary>
/// What every integration event carries: its own id (consumers remember it to apply a redelivery once) and when the
/// change it announces happened. Events are past-tense records; fields are only ever added, never renamed or removed,
/// since producers and consumers deploy independently (a consumer ignores fields it does not know).
/// </summary>
public abstract record IntegrationEvent
{
    /// <summary>Unique per event; time-ordered (UUID v7), so ids sort roughly by creation.</summary>
    public Guid EventId { get; init; } = Guid.CreateVersion7();

    /// <summary>When the change happened, in UTC.</summary>
    public DateTime OccurredAt { get; init; } = DateTime.UtcNow;
}
