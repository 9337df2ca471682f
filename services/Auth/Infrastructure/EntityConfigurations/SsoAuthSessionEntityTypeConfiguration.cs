using McpGateway.Auth.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpGateway.Auth.Infrastructure.EntityConfigurations;

internal sealed class SsoAuthSessionEntityTypeConfiguration : IEntityTypeConfiguration<SsoAuthSession>
{
    public void Configure(EntityTypeBuilder<SsoAuthSession> builder)
    {
        builder.ToTable("sso_auth_sessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.ProviderId).IsRequired();
        builder.Property(s => s.State).IsRequired();
        builder.Property(s => s.RedirectUri).IsRequired();
        builder.HasOne(s => s.Provider).WithMany().HasForeignKey(s => s.ProviderId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.State).IsUnique();
    }
}
