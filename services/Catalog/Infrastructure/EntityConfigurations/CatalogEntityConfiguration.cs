using System.Text.Json;
using McpGateway.Catalog.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpGateway.Catalog.Infrastructure.EntityConfigurations;

/// <summary>The mapping every catalog entity shares: key, tenancy columns and their indexes, JSON-text lists.</summary>
internal static class CatalogEntityConfiguration
{
    public static void ConfigureCatalogEntity<T>(this EntityTypeBuilder<T> builder, string table) where T : CatalogEntity
    {
        builder.ToTable(table);
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Name).IsRequired();
        builder.Property(e => e.OwnerEmail).IsRequired();
        builder.Property(e => e.Visibility).HasConversion(VisibilityConverter).IsRequired();
        builder.Property(e => e.Tags).HasStringListConversion();
        builder.HasIndex(e => new { e.TeamId, e.Visibility });
        builder.HasIndex(e => e.OwnerEmail);
    }

    private static readonly Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<Visibility, string> VisibilityConverter =
        new(v => v.ToString().ToLowerInvariant(), s => Enum.Parse<Visibility>(s, true));

    /// <summary>Stores a list of strings as a JSON array in a text column (no store types: one schema for SQLite and PostgreSQL).</summary>
    public static PropertyBuilder<List<string>> HasStringListConversion(this PropertyBuilder<List<string>> property) =>
        property
            .HasConversion(
                list => JsonSerializer.Serialize(list, JsonSerializerOptions.Default),
                json => JsonSerializer.Deserialize<List<string>>(json, JsonSerializerOptions.Default) ?? new List<string>(),
                new ValueComparer<List<string>>((a, b) => a!.SequenceEqual(b!), l => l.Aggregate(0, (h, s) => HashCode.Combine(h, s.GetHashCode())), l => l.ToList()))
            .IsRequired();
}
