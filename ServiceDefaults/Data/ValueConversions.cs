using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpGateway.ServiceDefaults.Data;

/// <summary>Text-column conversions with no store types, so one schema serves SQLite and PostgreSQL.</summary>
public static class ValueConversions
{
    /// <summary>Stores a list of strings as a JSON array in a text column.</summary>
    public static PropertyBuilder<List<string>> HasStringListConversion(this PropertyBuilder<List<string>> property) =>
        property
            .HasConversion(
                list => JsonSerializer.Serialize(list, JsonSerializerOptions.Default),
                json => JsonSerializer.Deserialize<List<string>>(json, JsonSerializerOptions.Default) ?? new List<string>(),
                new ValueComparer<List<string>>((a, b) => a!.SequenceEqual(b!), l => l.Aggregate(0, (h, s) => HashCode.Combine(h, s.GetHashCode())), l => l.ToList()))
            .IsRequired();

    /// <summary>Stores an enum as its lowercased name (`Team` → `team`), read back case-insensitively.</summary>
    public static PropertyBuilder<TEnum> HasLowercaseConversion<TEnum>(this PropertyBuilder<TEnum> property) where TEnum : struct, Enum =>
        property
            .HasConversion(value => value.ToString().ToLowerInvariant(), text => Enum.Parse<TEnum>(text, true))
            .IsRequired();
}
