using McpGateway.ServiceDefaults.Data;
using McpGateway.ServiceDefaults.Messaging;
using McpGateway.Teams.Model;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Teams.Infrastructure;

public class TeamsContext : DbContext
{
    /// <summary>Names the database (`teams.db`, schema `teams`), its migration lock and its connection string key.</summary>
    public const string ServiceName = "teams";

    public TeamsContext(DbContextOptions<TeamsContext> options) : base(options)
    {
    }

    public DbSet<Team> Teams => Set<Team>();
    public DbSet<TeamMember> TeamMembers => Set<TeamMember>();
    public DbSet<TeamInvitation> TeamInvitations => Set<TeamInvitation>();
    public DbSet<TeamJoinRequest> TeamJoinRequests => Set<TeamJoinRequest>();
    public DbSet<Role> Roles => Set<Role>();
    public DbSet<UserRole> UserRoles => Set<UserRole>();
    public DbSet<PermissionAuditEntry> PermissionAuditLog => Set<PermissionAuditEntry>();
    public DbSet<User> Users => Set<User>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseUtcDateTimes();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(TeamsContext).Assembly);
        modelBuilder.AddMessaging();
        modelBuilder.UseSnakeCaseColumns();
    }
}
