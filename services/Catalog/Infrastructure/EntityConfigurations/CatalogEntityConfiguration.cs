using McpGateway.Catalog.Model;
using McpGateway.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpGateway.Catalog.Infrastructure.EntityConfigurations;

/// <summary>The mapping every catalog entity shares: key, tenancy columns and their indexes.</summary>
internal static class CatalogEntityConfiguration
{
    public static void ConfigureCatalogEntity<T>(this EntityTypeBuilder<T> builder, string table) where T : CatalogEntity
    {
        builder.ToTable(table);
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Name).IsRequired();
        builder.Property(e => e.OwnerEmail).IsRequired();
        builder.Property(e => e.Visibility).HasLowercaseConversion();
        builder.Property(e => e.Tags).HasStringListConversion();
        builder.HasIndex(e => new { e.TeamId, e.Visibility });
        builder.HasIndex(e => e.OwnerEmail);
        // Lists are ordered by name, then id: walking this index, a page stops after its rows instead of sorting all visible ones.
        builder.HasIndex(e => new { e.Name, e.Id });
    }
}
