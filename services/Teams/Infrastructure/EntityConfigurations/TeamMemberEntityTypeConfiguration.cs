using McpGateway.Teams.Model;
using McpGateway.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpGateway.Teams.Infrastructure.EntityConfigurations;

internal sealed class TeamMemberEntityTypeConfiguration : IEntityTypeConfiguration<TeamMember>
{
    public void Configure(EntityTypeBuilder<TeamMember> builder)
    {
        builder.ToTable("email_team_members");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.TeamId).IsRequired();
        builder.Property(m => m.UserEmail).IsRequired();
        builder.Property(m => m.Role).HasLowercaseConversion();
        builder.HasOne(m => m.Team).WithMany(t => t.Members).HasForeignKey(m => m.TeamId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => new { m.TeamId, m.UserEmail }).IsUnique();
        // "Which teams is this user in?" runs on every request that checks visibility.
        builder.HasIndex(m => m.UserEmail);
    }
}
