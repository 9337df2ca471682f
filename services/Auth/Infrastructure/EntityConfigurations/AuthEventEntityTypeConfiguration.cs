using McpGateway.Auth.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpGateway.Auth.Infrastructure.EntityConfigurations;

internal sealed class AuthEventEntityTypeConfiguration : IEntityTypeConfiguration<AuthEvent>
{
    public void Configure(EntityTypeBuilder<AuthEvent> builder)
    {
        builder.ToTable("email_auth_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.EventType).IsRequired();
        builder.HasIndex(e => new { e.UserEmail, e.Timestamp });
        builder.HasIndex(e => e.Timestamp);
    }
}
