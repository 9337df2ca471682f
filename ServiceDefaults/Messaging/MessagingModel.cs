using McpGateway.ServiceDefaults.Messaging.Inbox;
using McpGateway.ServiceDefaults.Messaging.Outbox;
using McpGateway.ServiceDefaults.Messaging.Parking;
using McpGateway.ServiceDefaults.Messaging.Revocations;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.ServiceDefaults.Messaging;

/// <summary>The tables every service keeps for integration events, in its own database.</summary>
public static class MessagingModel
{
    /// <summary>
    /// Maps the outbox (`outbox_messages`, `outbox_leases`), the inbox (`inbox_messages`), `parked_messages` and the
    /// persisted deny-list (`denied_tokens`, `denied_users`). Call before <c>UseSnakeCaseColumns</c>; the service's
    /// migrations create the tables (see auth's 20261122000000_Messaging: no store types, so it serves both providers).
    /// </summary>
    public static ModelBuilder AddMessaging(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable("outbox_messages");
            outbox.HasKey(m => m.Sequence);
            outbox.Property(m => m.Sequence).ValueGeneratedOnAdd();
            outbox.Property(m => m.MessageId).IsRequired();
            outbox.Property(m => m.Type).IsRequired();
            outbox.Property(m => m.Payload).IsRequired();
            outbox.Ignore(m => m.Event);
            outbox.HasIndex(m => m.MessageId).IsUnique();
            // Pending rows in order (the relay's query) and old delivered ones (the prune's).
            outbox.HasIndex(m => new { m.DispatchedAt, m.Sequence });
        });
        modelBuilder.Entity<OutboxLease>(lease =>
        {
            lease.ToTable("outbox_leases");
            lease.HasKey(l => l.Name);
            lease.Property(l => l.Holder).IsRequired();
        });
        modelBuilder.Entity<InboxMessage>(inbox =>
        {
            inbox.ToTable("inbox_messages");
            inbox.HasKey(m => new { m.MessageId, m.Consumer });
            inbox.Property(m => m.Type).IsRequired();
            inbox.HasIndex(m => m.ProcessedAt);
        });
        modelBuilder.Entity<ParkedMessage>(parked =>
        {
            parked.ToTable("parked_messages");
            parked.HasKey(m => m.Id);
            parked.Property(m => m.MessageId).IsRequired();
            parked.Property(m => m.Consumer).IsRequired();
            parked.Property(m => m.Type).IsRequired();
            parked.Property(m => m.Payload).IsRequired();
            parked.Property(m => m.Error).IsRequired();
            parked.HasIndex(m => m.ParkedAt);
        });
        modelBuilder.Entity<DeniedToken>(denied =>
        {
            denied.ToTable("denied_tokens");
            denied.HasKey(d => d.Jti);
            denied.HasIndex(d => d.ExpiresAt);
        });
        modelBuilder.Entity<DeniedUser>(denied =>
        {
            denied.ToTable("denied_users");
            denied.HasKey(d => d.Email);
            denied.HasIndex(d => d.KeepUntil);
        });
        return modelBuilder;
    }
}
