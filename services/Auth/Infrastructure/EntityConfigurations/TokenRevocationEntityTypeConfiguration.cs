using McpGateway.Auth.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpGateway.Auth.Infrastructure.EntityConfigurations;

internal sealed class TokenRevocationEntityTypeConfiguration : IEntityTypeConfiguration<TokenRevocation>
{
    public void Configure(EntityTypeBuilder<TokenRevocation> builder)
    {
        builder.ToTable("token_revocations");
        builder.HasKey(r => r.Jti);
        // Finds the entries past their token's expiry, which the clean-up drops.
        builder.HasIndex(r => r.ExpiresAt);
    }
}
