using McpGateway.Catalog.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpGateway.Catalog.Infrastructure.EntityConfigurations;

internal sealed class ResourceEntityTypeConfiguration : IEntityTypeConfiguration<Resource>
{
    public void Configure(EntityTypeBuilder<Resource> builder)
    {
        builder.ConfigureCatalogEntity("resources");
        builder.Property(r => r.Uri).IsRequired();
        builder.HasOne(r => r.Gateway).WithMany().HasForeignKey(r => r.GatewayId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.GatewayId, r.Uri }).IsUnique();
    }
}
