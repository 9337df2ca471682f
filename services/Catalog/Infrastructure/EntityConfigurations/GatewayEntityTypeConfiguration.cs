using McpGateway.Catalog.Model;
using McpGateway.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpGateway.Catalog.Infrastructure.EntityConfigurations;

internal sealed class GatewayEntityTypeConfiguration : IEntityTypeConfiguration<Gateway>
{
    public void Configure(EntityTypeBuilder<Gateway> builder)
    {
        builder.ConfigureCatalogEntity("gateways");
        builder.Property(g => g.Slug).IsRequired();
        builder.Property(g => g.Url).IsRequired();
        builder.Property(g => g.Transport).IsRequired();
        builder.Property(g => g.AuthType).IsRequired();
        builder.Property(g => g.PassthroughHeaders).HasStringListConversion();
        // One upstream URL per team; a slug names the gateway in tool names, unique per team.
        builder.HasIndex(g => new { g.TeamId, g.Url }).IsUnique();
        builder.HasIndex(g => new { g.TeamId, g.Slug }).IsUnique();
    }
}
