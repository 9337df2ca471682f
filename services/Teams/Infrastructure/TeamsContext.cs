using System.Text.Json;
using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Authorization;
using McpGateway.ServiceDefaults.Data;
using McpGateway.ServiceDefaults.Messaging;
using McpGateway.Teams.Model;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Teams.Infrastructure;

public class TeamsContext : DbContext
{
    /// <summary>Names the database (`teams.db`, schema `teams`), its migration lock and its connection string key.</summary>
    public const string ServiceName = "teams";

    private readonly PolicyProjection? _projection;

    /// <summary>For tools and tests that only need the schema.</summary>
    public TeamsContext(DbContextOptions<TeamsContext> options) : base(options)
    {
    }

    /// <summary>The service's own context: what it commits reaches the policy's projection at once (read-your-writes).</summary>
    public TeamsContext(DbContextOptions<TeamsContext> options, PolicyProjection projection) : base(options) => _projection = projection;

    public DbSet<Team> Teams => Set<Team>();
    public DbSet<TeamMember> TeamMembers => Set<TeamMember>();
    public DbSet<TeamInvitation> TeamInvitations => Set<TeamInvitation>();
    public DbSet<TeamJoinRequest> TeamJoinRequests => Set<TeamJoinRequest>();
    public DbSet<Role> Roles => Set<Role>();
    public DbSet<UserRole> UserRoles => Set<UserRole>();
    public DbSet<PermissionAuditEntry> PermissionAuditLog => Set<PermissionAuditEntry>();

    /// <summary>
    /// Saves, then applies the integration events that committed with the change to this process's policy projection,
    /// through the same <c>Apply</c> other services' consumers call: the caller who just created a team may use it on
    /// the next request, and no code path that publishes an event can forget to update the projection.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var published = _projection is null
            ? []
            : ChangeTracker.Entries<OutboxMessage>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        foreach (var message in published)
        {
            if (typeof(IntegrationEvent).Assembly.GetType(message.Type) is { } type
                && JsonSerializer.Deserialize(message.Payload, type, JsonSerializerOptions.Web) is IntegrationEvent integrationEvent)
            {
                _projection!.Apply(integrationEvent);
            }
        }
        return saved;
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("Use SaveChangesAsync: it keeps the policy projection current.");

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseUtcDateTimes();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(TeamsContext).Assembly);
        modelBuilder.AddOutbox();
        modelBuilder.UseSnakeCaseColumns();
    }
}
