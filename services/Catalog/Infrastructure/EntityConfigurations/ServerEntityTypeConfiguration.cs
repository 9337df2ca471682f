using McpGateway.Catalog.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpGateway.Catalog.Infrastructure.EntityConfigurations;

internal sealed class ServerEntityTypeConfiguration : IEntityTypeConfiguration<Server>
{
    public void Configure(EntityTypeBuilder<Server> builder)
    {
        builder.ConfigureCatalogEntity("servers");
        // A virtual server's name is unique in its team (ContextForge's rule; what an import's conflicts are found by).
        builder.HasIndex(s => new { s.TeamId, s.Name }).IsUnique();
        Associate(builder.HasMany(s => s.Tools).WithMany(), "server_tool_association", "tool_id");
        Associate(builder.HasMany(s => s.Resources).WithMany(), "server_resource_association", "resource_id");
        Associate(builder.HasMany(s => s.Prompts).WithMany(), "server_prompt_association", "prompt_id");
    }

    /// <summary>A join table (server_id, {member}_id); deleting either side deletes the association.</summary>
    private static void Associate<TMember>(CollectionCollectionBuilder<TMember, Server> association, string table, string memberKey)
        where TMember : CatalogEntity =>
        association.UsingEntity<Dictionary<string, object>>(
            table,
            member => member.HasOne<TMember>().WithMany().HasForeignKey(memberKey).OnDelete(DeleteBehavior.Cascade),
            server => server.HasOne<Server>().WithMany().HasForeignKey("server_id").OnDelete(DeleteBehavior.Cascade),
            join =>
            {
                join.ToTable(table);
                join.HasKey("server_id", memberKey);
                join.HasIndex(memberKey);
            });
}
