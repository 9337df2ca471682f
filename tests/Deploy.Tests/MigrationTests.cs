using McpGateway.Deploy.Tests.Manifests;

namespace McpGateway.Deploy.Tests;

/// <summary>
/// Each service pod migrates its database in a `migrate` init container before the service starts: the same image (so
/// the schema matches the code), the same database.
/// </summary>
public sealed class MigrationTests
{
    [Theory, MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Every_service_pod_migrates_first_with_its_own_image(string overlay)
    {
        foreach (var workload in Kustomize.Render(overlay).ProductWorkloads.Where(w => w.Product!.Value.IsService()))
        {
            var migrate = Assert.Single(workload.Pod.InitContainers ?? []);
            Assert.Equal("migrate", migrate.Name);
            // No command: the image's entrypoint (`dotnet /app/McpGateway.X.dll`) runs with `migrate` appended.
            Assert.Null(migrate.Command);
            Assert.Equal(["migrate"], migrate.Args ?? []);
            Assert.Equal(workload.MainContainer.Image, migrate.Image);
        }
    }

    [Theory, MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void The_migration_and_the_service_use_the_same_database(string overlay)
    {
        var manifests = Kustomize.Render(overlay);
        foreach (var workload in manifests.ProductWorkloads.Where(w => w.Product!.Value.IsService()))
        {
            var migrate = workload.Pod.InitContainers!.Single().EnvironmentOf(manifests);
            var service = workload.MainContainer.EnvironmentOf(manifests);
            foreach (var name in new[] { "DATABASE_URL", $"ConnectionStrings__{workload.Name}db", "MCPGATEWAY_HOME" })
            {
                Assert.Equal(service.GetValueOrDefault(name) is { } s ? (s.SecretKey, s.Value) : default,
                    migrate.GetValueOrDefault(name) is { } m ? (m.SecretKey, m.Value) : default);
            }
            Assert.True(migrate.ContainsKey("DATABASE_URL"), $"{workload}: migrate has no database");
        }
    }

    [Theory, MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Nothing_else_migrates(string overlay)
    {
        var manifests = Kustomize.Render(overlay);

        // The gateway and the admin UI have no database.
        Assert.All(manifests.ProductWorkloads.Where(w => !w.Product!.Value.IsService()), w => Assert.Empty(w.Pod.InitContainers ?? []));
        Assert.DoesNotContain(manifests.Workloads, w => w.Object.Kind == "Job");
    }
}
