using McpGateway.Teams.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpGateway.Teams.Infrastructure.EntityConfigurations;

internal sealed class PermissionAuditEntryEntityTypeConfiguration : IEntityTypeConfiguration<PermissionAuditEntry>
{
    public void Configure(EntityTypeBuilder<PermissionAuditEntry> builder)
    {
        builder.ToTable("permission_audit_log");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Permission).IsRequired();
        builder.Property(e => e.Action).IsRequired();
        builder.HasIndex(e => new { e.UserEmail, e.Timestamp });
        builder.HasIndex(e => e.Timestamp);
    }
}
