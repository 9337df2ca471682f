using McpGateway.Auth.Model;
using McpGateway.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpGateway.Auth.Infrastructure.EntityConfigurations;

internal sealed class OAuthClientEntityTypeConfiguration : IEntityTypeConfiguration<OAuthClient>
{
    public void Configure(EntityTypeBuilder<OAuthClient> builder)
    {
        builder.ToTable("oauth_clients");
        builder.HasKey(c => c.ClientId);
        builder.Property(c => c.RedirectUris).HasStringListConversion();
        builder.Property(c => c.PostLogoutRedirectUris).HasStringListConversion();
        builder.Property(c => c.GrantTypes).HasStringListConversion();
        builder.Property(c => c.ResponseTypes).HasStringListConversion();
        builder.Property(c => c.TokenEndpointAuthMethod).IsRequired();
    }
}
