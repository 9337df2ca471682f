using McpGateway.Teams.Model;
using McpGateway.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpGateway.Teams.Infrastructure.EntityConfigurations;

internal sealed class RoleEntityTypeConfiguration : IEntityTypeConfiguration<Role>
{
    public void Configure(EntityTypeBuilder<Role> builder)
    {
        builder.ToTable("roles");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Name).IsRequired();
        builder.Property(r => r.Scope).HasLowercaseConversion();
        builder.Property(r => r.Permissions).HasStringListConversion();
        builder.Property(r => r.CreatedBy).IsRequired();
        // Deleting a role that others inherit from is refused rather than silently shrinking their permissions.
        builder.HasOne<Role>().WithMany().HasForeignKey(r => r.InheritsFrom).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => new { r.Name, r.Scope }).IsUnique();
    }
}
