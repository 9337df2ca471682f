using McpGateway.Auth.Model;
using McpGateway.ServiceDefaults.Data;
using McpGateway.ServiceDefaults.Messaging;
using Microsoft.EntityFrameworkCore;

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
    public DbSet<OAuthClient> OAuthClients => Set<OAuthClient>();
    public DbSet<OAuthAuthorizationCode> OAuthAuthorizationCodes => Set<OAuthAuthorizationCode>();
    public DbSet<OAuthRefreshToken> OAuthRefreshTokens => Set<OAuthRefreshToken>();
    public DbSet<OAuthSigningKey> OAuthSigningKeys => Set<OAuthSigningKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseUtcDateTimes();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AuthContext).Assembly);
        modelBuilder.AddMessaging();
        modelBuilder.UseSnakeCaseColumns();
    }
}
