using McpGateway.Catalog.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpGateway.Catalog.Federation.Persistence;

/// <summary>
/// What federation keeps beside the catalog's own fields, as shadow properties so the entity classes stay the catalog
/// API's: the upstream's own definition of a tool, resource or prompt (the JSON object its list answered, so fields the
/// catalog has no column for - icons, `_meta`, `execution`, titles - reach clients unchanged), and the name a prompt has
/// upstream (tools have <see cref="Tool.OriginalName"/>).
/// </summary>
public static class FederatedColumns
{
    public const string UpstreamDefinition = "UpstreamDefinition";
    public const string OriginalName = "OriginalName";

    public static string? UpstreamDefinitionOf<T>(this DbContext db, T entity) where T : class =>
        db.Entry(entity).Property<string?>(UpstreamDefinition).CurrentValue;

    public static void SetUpstreamDefinition<T>(this DbContext db, T entity, string? json) where T : class =>
        db.Entry(entity).Property<string?>(UpstreamDefinition).CurrentValue = json;
}

internal sealed class FederatedToolConfiguration : IEntityTypeConfiguration<Tool>
{
    public void Configure(EntityTypeBuilder<Tool> builder) => builder.Property<string?>(FederatedColumns.UpstreamDefinition);
}

internal sealed class FederatedResourceConfiguration : IEntityTypeConfiguration<Resource>
{
    public void Configure(EntityTypeBuilder<Resource> builder) => builder.Property<string?>(FederatedColumns.UpstreamDefinition);
}

internal sealed class FederatedPromptConfiguration : IEntityTypeConfiguration<Prompt>
{
    public void Configure(EntityTypeBuilder<Prompt> builder)
    {
        builder.Property<string?>(FederatedColumns.UpstreamDefinition);
        builder.Property<string?>(FederatedColumns.OriginalName);
    }
}
