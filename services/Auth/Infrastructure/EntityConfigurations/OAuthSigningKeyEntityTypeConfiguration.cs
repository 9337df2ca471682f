using McpGateway.Auth.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpGateway.Auth.Infrastructure.EntityConfigurations;

internal sealed class OAuthSigningKeyEntityTypeConfiguration : IEntityTypeConfiguration<OAuthSigningKey>
{
    public void Configure(EntityTypeBuilder<OAuthSigningKey> builder)
    {
        builder.ToTable("oauth_signing_keys");
        builder.HasKey(k => k.Kid);
        builder.Property(k => k.Algorithm).IsRequired();
        builder.Property(k => k.PrivateKey).IsRequired();
        builder.Property(k => k.PublicJwk).IsRequired();
    }
}
