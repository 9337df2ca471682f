using McpGateway.Teams.Model;
using McpGateway.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace McpGateway.Teams.Infrastructure.EntityConfigurations;

internal sealed class TeamJoinRequestEntityTypeConfiguration : IEntityTypeConfiguration<TeamJoinRequest>
{
    public void Configure(EntityTypeBuilder<TeamJoinRequest> builder)
    {
        builder.ToTable("email_team_join_requests");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.TeamId).IsRequired();
        builder.Property(r => r.UserEmail).IsRequired();
        builder.Property(r => r.Status).HasLowercaseConversion();
        builder.HasOne(r => r.Team).WithMany().HasForeignKey(r => r.TeamId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.TeamId, r.Status });
    }
}
