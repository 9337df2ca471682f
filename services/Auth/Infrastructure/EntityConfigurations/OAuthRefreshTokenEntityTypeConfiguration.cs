using McpGateway.Auth.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpGateway.Auth.Infrastructure.EntityConfigurations;

internal sealed class OAuthRefreshTokenEntityTypeConfiguration : IEntityTypeConfiguration<OAuthRefreshToken>
{
    public void Configure(EntityTypeBuilder<OAuthRefreshToken> builder)
    {
        builder.ToTable("oauth_refresh_tokens");
        builder.HasKey(t => t.TokenHash);
        builder.Property(t => t.FamilyId).IsRequired();
        builder.Property(t => t.ClientId).IsRequired();
        builder.Property(t => t.UserEmail).IsRequired();
        builder.HasOne(t => t.Client).WithMany().HasForeignKey(t => t.ClientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => t.FamilyId);
    }
}
