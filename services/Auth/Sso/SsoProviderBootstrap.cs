using System.Text;
using McpGateway.Auth.Infrastructure;
using McpGateway.Auth.Model;
using McpGateway.Auth.Security;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Auth.Sso;

/// <summary>
/// Writes the providers the environment configures (<see cref="SsoSettings.Providers"/>) into `sso_providers` at every
/// start, their client secrets encrypted: the environment stays the source of truth for those rows, and the flow reads
/// only the table. Safe with replicas starting at once: one insert wins, the others update the same row.
/// </summary>
public sealed class SsoProviderBootstrap(IServiceScopeFactory scopes, SsoSettings settings, SecretProtector protector, TimeProvider time) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var configured in settings.Providers)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await UpsertAsync(configured, cancellationToken);
                    break;
                }
                catch (DbUpdateException) when (attempt < 3)
                {
                }
            }
        }
    }

    private async Task UpsertAsync(ConfiguredProvider configured, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthContext>();
        var wanted = configured.Row;
        var now = time.GetUtcNow().UtcDateTime;
        var row = await db.SsoProviders.FindAsync([wanted.Id], cancellationToken);
        if (row is null)
        {
            row = new SsoProvider { Id = wanted.Id, CreatedAt = now };
            db.SsoProviders.Add(row);
        }
        row.Name = wanted.Name;
        row.DisplayName = wanted.DisplayName;
        row.ProviderType = wanted.ProviderType;
        row.ClientId = wanted.ClientId;
        row.ClientSecretEncrypted = SsoSecrets.Protect(protector, configured.ClientSecret);
        row.AuthorizationUrl = wanted.AuthorizationUrl;
        row.TokenUrl = wanted.TokenUrl;
        row.UserinfoUrl = wanted.UserinfoUrl;
        row.Issuer = wanted.Issuer;
        row.JwksUri = wanted.JwksUri;
        row.Scope = wanted.Scope;
        row.TeamMapping = wanted.TeamMapping;
        row.IsEnabled = true;
        row.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>A provider's client secret at rest: AES-GCM under AUTH_ENCRYPTION_SECRET (<see cref="SecretProtector"/>).</summary>
public static class SsoSecrets
{
    public static string? Protect(SecretProtector protector, string? secret) =>
        string.IsNullOrEmpty(secret) ? null : protector.Protect(Encoding.UTF8.GetBytes(secret));

    public static string? Unprotect(SecretProtector protector, string? stored) =>
        stored is null ? null : Encoding.UTF8.GetString(protector.Unprotect(stored));
}
