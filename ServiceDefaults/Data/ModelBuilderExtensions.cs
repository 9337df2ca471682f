using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace McpGateway.ServiceDefaults.Data;

public static class ModelBuilderExtensions
{
    /// <summary>
    /// Names every column in snake_case (`OwnerEmail` → `owner_email`), as the API and ContextForge's schema do.
    /// Call last in OnModelCreating; names set explicitly with HasColumnName are kept. Table names are set explicitly.
    /// </summary>
    public static ModelBuilder UseSnakeCaseColumns(this ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                if (property.GetColumnName() == property.Name)
                {
                    property.SetColumnName(ToSnakeCase(property.Name));
                }
            }
        }
        return modelBuilder;
    }

    /// <summary>
    /// Every DateTime is UTC: written as UTC (PostgreSQL's timestamptz demands it) and read back as
    /// <see cref="DateTimeKind.Utc"/> (SQLite stores text and would return Unspecified, losing the `Z` in JSON).
    /// Call from ConfigureConventions.
    /// </summary>
    public static ModelConfigurationBuilder UseUtcDateTimes(this ModelConfigurationBuilder configuration)
    {
        configuration.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configuration.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
        return configuration;
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        value => value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc),
        stored => DateTime.SpecifyKind(stored, DateTimeKind.Utc));

    public static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
            {
                builder.Append('_');
            }
            builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }
}
