using McpGateway.ServiceDefaults.Data;
using McpGateway.ServiceDefaults.Messaging;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Messaging.TestHost;

/// <summary>A produced user: the state change an event announces.</summary>
public sealed class ProducedUser
{
    public string Email { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

/// <summary>One application of an event by the consumer; a second row for the same message would be a duplicate effect.</summary>
public sealed class Effect
{
    public long Id { get; set; }
    public string MessageId { get; set; } = "";
    public string Email { get; set; } = "";
    public DateTime OccurredAt { get; set; }
    public DateTime AppliedAt { get; set; }
    public int ProcessId { get; set; }
}

public sealed class HostContext(DbContextOptions<HostContext> options) : DbContext(options)
{
    public DbSet<ProducedUser> ProducedUsers => Set<ProducedUser>();
    public DbSet<Effect> Effects => Set<Effect>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) => configurationBuilder.UseUtcDateTimes();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ProducedUser>(user =>
        {
            user.ToTable("produced_users");
            user.HasKey(u => u.Email);
        });
        modelBuilder.Entity<Effect>(effect =>
        {
            effect.ToTable("effects");
            effect.HasKey(e => e.Id);
            effect.HasIndex(e => e.MessageId);
        });
        modelBuilder.AddMessaging();
        modelBuilder.UseSnakeCaseColumns();
    }
}
