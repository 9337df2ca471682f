using McpGateway.Auth.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpGateway.Auth.Infrastructure.EntityConfigurations;

internal sealed class OAuthAuthorizationCodeEntityTypeConfiguration : IEntityTypeConfiguration<OAuthAuthorizationCode>
{
    public void Configure(EntityTypeBuilder<OAuthAuthorizationCode> builder)
    {
        builder.ToTable("oauth_authorization_codes");
        builder.HasKey(c => c.CodeHash);
        builder.Property(c => c.ClientId).IsRequired();
        builder.Property(c => c.UserEmail).IsRequired();
        builder.Property(c => c.RedirectUri).IsRequired();
        builder.Property(c => c.CodeChallenge).IsRequired();
        builder.Property(c => c.CodeChallengeMethod).IsRequired();
        builder.HasOne(c => c.Client).WithMany().HasForeignKey(c => c.ClientId).OnDelete(DeleteBehavior.Cascade);
    }
}
