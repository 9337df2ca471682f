using System.Text;
using Microsoft.EntityFrameworkCore;

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
