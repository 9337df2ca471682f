namespace McpGateway.ServiceDefaults.Messaging.Parking;

/// <summary>
/// A message a consumer failed on <see cref="MessagingSettings.MaxAttempts"/> times (`parked_messages`): set aside with
/// its error so the messages behind it flow again, listed and retried by an administrator
/// (`GET /admin/messaging/parked`, `POST /admin/messaging/parked/{id}/retry`), never dropped.
/// </summary>
public sealed class ParkedMessage
{
    public string Id { get; set; } = Guid.CreateVersion7().ToString();
    public string MessageId { get; set; } = "";
    public string Consumer { get; set; } = "";
    public string Type { get; set; } = "";
    public string Payload { get; set; } = "";
    public DateTime OccurredAt { get; set; }
    public int Attempts { get; set; }
    /// <summary>The last failure: exception type and message (never a stack trace: it is shown to administrators).</summary>
    public string Error { get; set; } = "";
    public DateTime ParkedAt { get; set; }
    /// <summary>When an administrator last sent it back to the queue; null until then.</summary>
    public DateTime? RetriedAt { get; set; }
}
