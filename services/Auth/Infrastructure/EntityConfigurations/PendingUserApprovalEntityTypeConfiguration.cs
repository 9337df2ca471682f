using McpGateway.Auth.Model;
using McpGateway.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpGateway.Auth.Infrastructure.EntityConfigurations;

internal sealed class PendingUserApprovalEntityTypeConfiguration : IEntityTypeConfiguration<PendingUserApproval>
{
    public void Configure(EntityTypeBuilder<PendingUserApproval> builder)
    {
        builder.ToTable("pending_user_approvals");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Email).IsRequired();
        builder.Property(a => a.AuthProvider).IsRequired();
        builder.Property(a => a.Status).HasLowercaseConversion();
        builder.HasIndex(a => a.Email).IsUnique();
        builder.HasIndex(a => a.Status);
    }
}
