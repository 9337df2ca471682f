using McpGateway.Catalog.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpGateway.Catalog.Infrastructure.EntityConfigurations;

internal sealed class TeamReferenceEntityTypeConfiguration : IEntityTypeConfiguration<TeamReference>
{
    public void Configure(EntityTypeBuilder<TeamReference> builder)
    {
        builder.ToTable("team_references");
        builder.HasKey(t => t.TeamId);
        builder.Property(t => t.Name).IsRequired();
        builder.Property(t => t.Slug).IsRequired();
        builder.HasIndex(t => t.Slug);
    }
}
