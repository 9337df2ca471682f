using McpGateway.Teams.Model;
using McpGateway.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpGateway.Teams.Infrastructure.EntityConfigurations;

internal sealed class UserRoleEntityTypeConfiguration : IEntityTypeConfiguration<UserRole>
{
    public void Configure(EntityTypeBuilder<UserRole> builder)
    {
        builder.ToTable("user_roles");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.UserEmail).IsRequired();
        builder.Property(u => u.RoleId).IsRequired();
        builder.Property(u => u.Scope).HasLowercaseConversion();
        builder.Property(u => u.GrantedBy).IsRequired();
        builder.HasOne(u => u.Role).WithMany().HasForeignKey(u => u.RoleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(u => new { u.UserEmail, u.Scope, u.ScopeId });
    }
}
