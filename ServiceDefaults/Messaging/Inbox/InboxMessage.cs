namespace McpGateway.ServiceDefaults.Messaging.Inbox;

/// <summary>
/// A message a consumer has applied (`inbox_messages`), written in the same transaction as the consumer's effect, so
/// a redelivery of <see cref="MessageId"/> to <see cref="Consumer"/> is recognised and skipped: the effect happens once.
/// </summary>
public sealed class InboxMessage
{
    public string MessageId { get; set; } = "";
    /// <summary>The consumer class's name: two consumers of one event in a service each apply it once.</summary>
    public string Consumer { get; set; } = "";
    public string Type { get; set; } = "";
    public DateTime ProcessedAt { get; set; }
}
