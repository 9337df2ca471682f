using McpGateway.Catalog.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpGateway.Catalog.Infrastructure.EntityConfigurations;

internal sealed class ToolEntityTypeConfiguration : IEntityTypeConfiguration<Tool>
{
    public void Configure(EntityTypeBuilder<Tool> builder)
    {
        builder.ConfigureCatalogEntity("tools");
        builder.Property(t => t.OriginalName).IsRequired();
        builder.Property(t => t.IntegrationType).IsRequired();
        builder.Property(t => t.InputSchema).IsRequired();
        builder.Property(t => t.AuthType).IsRequired();
        builder.HasOne(t => t.Gateway).WithMany().HasForeignKey(t => t.GatewayId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => new { t.GatewayId, t.OriginalName }).IsUnique();
    }
}
