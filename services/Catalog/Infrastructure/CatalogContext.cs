using McpGateway.Catalog.Model;
using McpGateway.ServiceDefaults.Authorization.Persistence;
using McpGateway.ServiceDefaults.Data;
using McpGateway.ServiceDefaults.Messaging;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Catalog.Infrastructure;

public class CatalogContext(DbContextOptions<CatalogContext> options) : DbContext(options)
{
    /// <summary>Names the database (`catalog.db`, schema `catalog`), its migration lock and its connection string key.</summary>
    public const string ServiceName = "catalog";

    public DbSet<Gateway> Gateways => Set<Gateway>();
    public DbSet<Server> Servers => Set<Server>();
    public DbSet<Tool> Tools => Set<Tool>();
    public DbSet<Resource> Resources => Set<Resource>();
    public DbSet<Prompt> Prompts => Set<Prompt>();
    public DbSet<TeamReference> TeamReferences => Set<TeamReference>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseUtcDateTimes();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CatalogContext).Assembly);
        modelBuilder.AddMessaging();
        // Who may see and change what: the teams service's facts, kept by IntegrationEvents/PolicyProjectionConsumer.
        modelBuilder.AddPolicyProjection();
        modelBuilder.UseSnakeCaseColumns();
    }
}
