using McpGateway.Auth.Model;
using McpGateway.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpGateway.Auth.Infrastructure.EntityConfigurations;

internal sealed class SsoProviderEntityTypeConfiguration : IEntityTypeConfiguration<SsoProvider>
{
    public void Configure(EntityTypeBuilder<SsoProvider> builder)
    {
        builder.ToTable("sso_providers");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Name).IsRequired();
        builder.Property(p => p.DisplayName).IsRequired();
        builder.Property(p => p.ProviderType).HasLowercaseConversion();
        builder.Property(p => p.ClientId).IsRequired();
        builder.Property(p => p.AuthorizationUrl).IsRequired();
        builder.Property(p => p.TokenUrl).IsRequired();
        builder.Property(p => p.UserinfoUrl).IsRequired();
        builder.Property(p => p.Scope).IsRequired();
        builder.Property(p => p.TrustedDomains).HasStringListConversion();
        builder.Property(p => p.TeamMapping).IsRequired();
        builder.HasIndex(p => p.Name).IsUnique();
    }
}
