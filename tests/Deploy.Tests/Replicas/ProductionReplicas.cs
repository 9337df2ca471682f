using System.Security.Cryptography;
using McpGateway.Deploy.Tests.Manifests;
using McpGateway.TestSupport;

namespace McpGateway.Deploy.Tests.Replicas;

/// <summary>
/// The production overlay's replicas, started once for every test of a class (starting 13 processes takes a minute or
/// more on two cores), against the fixture's own PostgreSQL and RabbitMQ. Started by the first test that asks
/// (<see cref="StartAsync"/>), after it checked that both servers are installed; a start that failed fails every test.
/// </summary>
public sealed class ProductionReplicas : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(6);
    private readonly TempDirectory _directory = new();
    private readonly Lock _lock = new();
    private Task<StartedReplicas>? _started;

    public PostgresServer Postgres { get; } = new();
    public RabbitMqServer RabbitMq { get; } = new();

    public async ValueTask InitializeAsync()
    {
        await Postgres.InitializeAsync();
        await RabbitMq.InitializeAsync();
    }

    /// <summary>The started replicas: every one ready, or the reason the start failed.</summary>
    public Task<StartedReplicas> StartAsync()
    {
        Postgres.Require();
        RabbitMq.Require();
        lock (_lock)
        {
            return _started ??= StartCoreAsync();
        }
    }

    private async Task<StartedReplicas> StartCoreAsync()
    {
        var manifests = Kustomize.Render(Overlays.Production);
        var adminPassword = "Replica-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        var database = await Postgres.CreateDatabaseAsync();
        // The Secret a user creates from secrets.example.yaml; the optional keys are left out.
        var secret = new Dictionary<string, string>
        {
            ["database-url"] = PostgresServer.Url(database),
            ["rabbitmq-url"] = await RabbitMq.CreateVirtualHostAsync(),
            ["auth-encryption-secret"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)),
            ["platform-admin-password"] = adminPassword,
        };
        var cluster = await LocalCluster.StartAsync(manifests, key =>
            key.Name == "mcp-gateway-secrets" ? secret.GetValueOrDefault(key.Key) : throw new InvalidOperationException($"no Secret {key.Name}"),
            _directory.Path, StartTimeout);
        var adminEmail = manifests.ConfigMapData(manifests.Workload("auth").MainContainer.EnvFrom!
            .Select(e => e.ConfigMapRef!.Name).Single(n => manifests.ConfigMapData(n).ContainsKey("PLATFORM_ADMIN_EMAIL")))["PLATFORM_ADMIN_EMAIL"];
        return new StartedReplicas(cluster, adminEmail, adminPassword, database);
    }

    public async ValueTask DisposeAsync()
    {
        if (_started is { IsCompletedSuccessfully: true } started)
        {
            await started.Result.Cluster.DisposeAsync();
        }
        await RabbitMq.DisposeAsync();
        await Postgres.DisposeAsync();
        _directory.Dispose();
    }
}

/// <summary>What a test of the started replicas needs: the cluster, the platform administrator, the database they share.</summary>
public sealed record StartedReplicas(LocalCluster Cluster, string AdminEmail, string AdminPassword, string DatabaseConnectionString);
