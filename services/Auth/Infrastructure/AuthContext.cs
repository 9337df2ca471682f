using McpGateway.Auth.Model;
using McpGateway.ServiceDefaults.Data;
using McpGateway.ServiceDefaults.Messaging;
using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;

namespace McpGateway.Auth.Infrastructure;

public class AuthContext(DbContextOptions<AuthContext> options) : DbContext(options)
{
    /// <summary>Names the database (`auth.db`, schema `auth`), its migration lock and its connection string key.</summary>
    public const string ServiceName = "auth";

    public DbSet<EmailUser> Users => Set<EmailUser>();
    public DbSet<AuthEvent> AuthEvents => Set<AuthEvent>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<TokenUsageLog> TokenUsageLogs => Set<TokenUsageLog>();
    public DbSet<TokenRevocation> TokenRevocations => Set<TokenRevocation>();
    public DbSet<SsoProvider> SsoProviders => Set<SsoProvider>();
    public DbSet<SsoAuthSession> SsoAuthSessions => Set<SsoAuthSession>();
    public DbSet<PendingUserApproval> PendingUserApprovals => Set<PendingUserApproval>();
    public DbSet<OAuthSigningKey> OAuthSigningKeys => Set<OAuthSigningKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseUtcDateTimes();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AuthContext).Assembly);
        // OpenIddict's applications (OAuth clients), authorizations, scopes and tokens, in tables named like ours.
        modelBuilder.UseOpenIddict();
        // A client_id may be a Client ID Metadata Document's URL, longer than OpenIddict's 100 characters.
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreApplication>().ToTable("oauth_applications").Property(a => a.ClientId).HasMaxLength(2000);
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreAuthorization>().ToTable("oauth_authorizations");
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreScope>().ToTable("oauth_scopes");
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreToken>().ToTable("oauth_tokens");
        modelBuilder.AddMessaging();
        modelBuilder.UseSnakeCaseColumns();
    }
}
