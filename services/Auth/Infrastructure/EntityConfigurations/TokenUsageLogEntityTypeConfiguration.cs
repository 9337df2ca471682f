using McpGateway.Auth.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpGateway.Auth.Infrastructure.EntityConfigurations;

internal sealed class TokenUsageLogEntityTypeConfiguration : IEntityTypeConfiguration<TokenUsageLog>
{
    public void Configure(EntityTypeBuilder<TokenUsageLog> builder)
    {
        builder.ToTable("token_usage_logs");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.TokenJti).IsRequired();
        builder.Property(l => l.UserEmail).IsRequired();
        builder.Property(l => l.Endpoint).IsRequired();
        builder.Property(l => l.Method).IsRequired();
        builder.HasIndex(l => new { l.TokenJti, l.Timestamp });
    }
}
