using McpGateway.Deploy.Tests.Manifests;

namespace McpGateway.Deploy.Tests;

/// <summary>How many of each run, how they survive drains and load, and where they are scheduled.</summary>
public sealed class ScalingTests
{
    [Theory]
    [InlineData(Overlays.Production, 2, 3, 2)]
    [InlineData(Overlays.Local, 1, 1, 1)]
    public void Each_overlay_runs_its_number_of_gateways_and_of_each_service(string overlay, int gateways, int perService, int admins)
    {
        var replicas = Kustomize.Render(overlay).ProductWorkloads.ToDictionary(w => w.Product!.Value, w => w.Replicas ?? 1);

        Assert.Equal(new Dictionary<Component, int>
        {
            [Component.Gateway] = gateways,
            [Component.Auth] = perService,
            [Component.Teams] = perService,
            [Component.Catalog] = perService,
            [Component.Admin] = admins,
        }, replicas);
    }

    [Fact]
    public void Production_keeps_all_but_one_pod_of_each_through_a_drain()
    {
        var manifests = Kustomize.Render(Overlays.Production);
        var budgets = manifests.OfKind("PodDisruptionBudget").ToList();
        foreach (var workload in manifests.ProductWorkloads)
        {
            var budget = Assert.Single(budgets, b => b.As<LabelSelector>("spec", "selector").Matches(workload.PodLabels));
            Assert.Equal(1, (int?)budget.Body["spec"]!["maxUnavailable"]);
            Assert.Null(budget.Body["spec"]!["minAvailable"]);
        }
        foreach (var budget in budgets)
        {
            var selector = budget.As<LabelSelector>("spec", "selector");
            Assert.Single(manifests.Workloads, w => selector.Matches(w.PodLabels));
        }
    }

    [Fact]
    public void Production_autoscales_each_Deployment_from_its_replicas_up()
    {
        var manifests = Kustomize.Render(Overlays.Production);
        var autoscalers = manifests.OfKind("HorizontalPodAutoscaler").ToList();
        Assert.Equal(manifests.ProductWorkloads.Count(), autoscalers.Count);
        foreach (var autoscaler in autoscalers)
        {
            var target = autoscaler.As<CrossVersionObjectReference>("spec", "scaleTargetRef");
            Assert.Equal("Deployment", target.Kind);
            Assert.Equal("apps/v1", target.ApiVersion);
            var workload = Assert.Single(manifests.ProductWorkloads, w => w.Name == target.Name);
            Assert.Equal(workload.Replicas, (int?)autoscaler.Body["spec"]!["minReplicas"]);
            Assert.True((int)autoscaler.Body["spec"]!["maxReplicas"]! > workload.Replicas, $"{autoscaler} cannot scale out");
            // A CPU utilization target is a percentage of the request: without one the autoscaler does nothing.
            Assert.All(workload.Pod.AllContainers, c => Assert.True(c.Resources?.Requests?.ContainsKey("cpu"), $"{workload}/{c.Name} requests no CPU"));
        }
    }

    [Theory, MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Every_container_of_the_product_requests_CPU_and_memory_and_has_a_memory_limit(string overlay)
    {
        foreach (var workload in Kustomize.Render(overlay).ProductWorkloads)
        {
            foreach (var container in workload.Pod.AllContainers)
            {
                var resources = container.Resources;
                Assert.True(resources?.Requests?.ContainsKey("cpu") == true && resources.Requests.ContainsKey("memory"), $"{workload}/{container.Name}: requests");
                Assert.True(resources?.Limits?.ContainsKey("memory") == true, $"{workload}/{container.Name}: memory limit");
            }
        }
    }

    [Fact]
    public void Production_spreads_each_Deployments_pods_over_zones_and_nodes()
    {
        var manifests = Kustomize.Render(Overlays.Production);
        foreach (var workload in manifests.ProductWorkloads)
        {
            var constraints = workload.Pod.TopologySpreadConstraints ?? [];
            Assert.Equal(["kubernetes.io/hostname", "topology.kubernetes.io/zone"], constraints.Select(c => c.TopologyKey).Order());
            foreach (var constraint in constraints)
            {
                // The pods counted: the labelSelector, narrowed by matchLabelKeys to the pod's own values of those keys.
                var counted = new LabelSelector(
                    new Dictionary<string, string>(constraint.LabelSelector?.MatchLabels ?? [])
                        .Concat((constraint.MatchLabelKeys ?? []).Where(workload.PodLabels.ContainsKey).Select(k => KeyValuePair.Create(k, workload.PodLabels[k])))
                        .ToDictionary(),
                    constraint.LabelSelector?.MatchExpressions);
                Assert.True(counted.Matches(workload.PodLabels), $"{workload}: a spread over {constraint.TopologyKey} that does not count its own pods");
                Assert.DoesNotContain(manifests.Workloads, w => w != workload && counted.Matches(w.PodLabels));
                Assert.True(constraint.MaxSkew >= 1);
            }
        }
    }
}
