using McpGateway.Catalog.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpGateway.Catalog.Infrastructure.EntityConfigurations;

internal sealed class PromptEntityTypeConfiguration : IEntityTypeConfiguration<Prompt>
{
    public void Configure(EntityTypeBuilder<Prompt> builder)
    {
        builder.ConfigureCatalogEntity("prompts");
        builder.Property(p => p.Arguments).IsRequired();
        builder.HasOne(p => p.Gateway).WithMany().HasForeignKey(p => p.GatewayId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => new { p.GatewayId, p.Name }).IsUnique();
    }
}
