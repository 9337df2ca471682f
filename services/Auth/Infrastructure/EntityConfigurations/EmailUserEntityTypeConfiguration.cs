using McpGateway.Auth.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpGateway.Auth.Infrastructure.EntityConfigurations;

internal sealed class EmailUserEntityTypeConfiguration : IEntityTypeConfiguration<EmailUser>
{
    public void Configure(EntityTypeBuilder<EmailUser> builder)
    {
        builder.ToTable("email_users");
        builder.HasKey(u => u.Email);
        builder.Property(u => u.AuthProvider).IsRequired();
    }
}
