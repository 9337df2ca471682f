using McpGateway.Catalog.Tenancy;
using McpGateway.ServiceDefaults.Authorization;
using McpGateway.ServiceDefaults.Authorization.Persistence;

namespace McpGateway.Catalog.Infrastructure;

/// <summary>
/// Before the service takes requests (hosted services start before the server listens): load the policy projection
/// from the catalog's tables, so the first decision knows every team, membership and grant heard so far, then give
/// entities without a team to the platform admin's personal team if it is known (the v0.6 → v0.7 upgrade, done
/// automatically). Taking the <see cref="SecretProtector"/> here makes a missing AUTH_ENCRYPTION_SECRET on a shared
/// database stop the start, with its message, rather than fail the first request that touches a credential.
/// </summary>
internal sealed class CatalogStartup(IServiceScopeFactory scopes, PersistedPolicyProjection persisted, PolicyProjection projection,
    ServiceDefaults.Data.SecretProtector secrets, ILogger<CatalogStartup> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _ = secrets;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogContext>();
        await persisted.LoadAsync(db, cancellationToken);
        var snapshot = projection.Current;
        logger.LogInformation("Policy projection loaded: {Teams} teams, {Principals} principals", snapshot.Teams.Count, snapshot.Principals.Count);
        await scope.ServiceProvider.GetRequiredService<TenancyRepair>().RepairAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
