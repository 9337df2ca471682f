using McpGateway.Teams.Model;
using McpGateway.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpGateway.Teams.Infrastructure.EntityConfigurations;

internal sealed class TeamInvitationEntityTypeConfiguration : IEntityTypeConfiguration<TeamInvitation>
{
    public void Configure(EntityTypeBuilder<TeamInvitation> builder)
    {
        builder.ToTable("email_team_invitations");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.TeamId).IsRequired();
        builder.Property(i => i.Email).IsRequired();
        builder.Property(i => i.Role).HasLowercaseConversion();
        builder.Property(i => i.InvitedBy).IsRequired();
        builder.Property(i => i.TokenHash).IsRequired();
        builder.HasOne(i => i.Team).WithMany().HasForeignKey(i => i.TeamId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(i => i.TokenHash).IsUnique();
    }
}
