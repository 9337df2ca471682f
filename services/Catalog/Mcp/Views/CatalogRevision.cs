using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpGateway.Catalog.Mcp.Views;

/// <summary>
/// One row whose value changes (to a new random one) in every transaction that changes catalog entities, so every
/// replica can tell with one small read whether its <see cref="CatalogView"/> is stale (<see cref="CatalogRevisionWatcher"/>),
/// whatever the message transport delivers to which replica.
/// </summary>
public sealed class CatalogRevision
{
    public const string SingletonId = "catalog";

    public string Id { get; set; } = SingletonId;
    public string Revision { get; set; } = "";
    public DateTime ChangedAt { get; set; }
}

internal sealed class CatalogRevisionConfiguration : IEntityTypeConfiguration<CatalogRevision>
{
    public void Configure(EntityTypeBuilder<CatalogRevision> builder)
    {
        builder.ToTable("catalog_revision");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Revision).IsRequired();
    }
}
