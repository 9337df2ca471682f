using McpGateway.Auth.Model;
using McpGateway.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpGateway.Auth.Infrastructure.EntityConfigurations;

internal sealed class ApiTokenEntityTypeConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.ToTable("email_api_tokens");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.UserEmail).IsRequired();
        builder.Property(t => t.Name).IsRequired();
        builder.Property(t => t.Jti).IsRequired();
        builder.Property(t => t.TokenHash).IsRequired();
        builder.Property(t => t.ResourceScopes).HasStringListConversion();
        builder.Property(t => t.IpRestrictions).HasStringListConversion();
        builder.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserEmail).OnDelete(DeleteBehavior.Cascade);
        // Unique among a user's active tokens: a revoked token keeps its row (usage, audit) but frees its name.
        builder.HasIndex(t => new { t.UserEmail, t.Name }).IsUnique().HasFilter("is_active");
        builder.HasIndex(t => t.TeamId);
        builder.HasIndex(t => t.Jti).IsUnique();
        builder.HasIndex(t => t.TokenHash).IsUnique();
    }
}
