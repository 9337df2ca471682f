namespace McpGateway.ServiceDefaults.Messaging.Outbox;

/// <summary>
/// Which replica relays the outbox now (`outbox_leases`, one row). One relay at a time keeps events in order; the lease
/// expires, so a replica that crashed while holding it is replaced after <see cref="MessagingSettings.LeaseDuration"/>
/// at most (at once when the holder was a process on the same host that is gone).
/// </summary>
public sealed class OutboxLease
{
    public const string Relay = "relay";

    public string Name { get; set; } = Relay;
    public string Holder { get; set; } = "";
    public DateTime ExpiresAt { get; set; }
}
