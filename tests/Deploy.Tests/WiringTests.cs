using McpGateway.Deploy.Tests.Manifests;

namespace McpGateway.Deploy.Tests;

/// <summary>The objects find each other: selectors, Services, ports, probes, the Ingress.</summary>
public sealed class WiringTests
{
    [Theory, MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Every_workload_selects_its_own_pods_and_no_other_workloads(string overlay)
    {
        var manifests = Kustomize.Render(overlay);
        foreach (var workload in manifests.Workloads)
        {
            Assert.False(workload.Selector.IsEmpty, $"{workload} has an empty selector");
            Assert.True(workload.Selector.Matches(workload.PodLabels), $"{workload}'s selector {workload.Selector} does not match its pod labels");
            var others = manifests.Workloads.Where(w => w != workload && workload.Selector.Matches(w.PodLabels));
            Assert.Empty(others);
        }
    }

    [Theory, MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void The_gateway_and_every_service_run_with_a_Service_in_front(string overlay)
    {
        var manifests = Kustomize.Render(overlay);

        var products = manifests.ProductWorkloads.Select(w => w.Product!.Value).Order();
        Assert.Equal(Enum.GetValues<Component>(), products);
        foreach (var workload in manifests.ProductWorkloads)
        {
            Assert.Equal("Deployment", workload.Object.Kind);
            Assert.Contains(manifests.Services, s => s.Targets(manifests).Contains(workload));
        }
    }

    [Theory, MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Every_Service_port_reaches_a_port_its_pods_declare(string overlay)
    {
        var manifests = Kustomize.Render(overlay);
        foreach (var service in manifests.Services)
        {
            var targets = service.Targets(manifests).ToList();
            Assert.True(targets.Count > 0, $"Service {service.Name} selects no workload's pods");
            foreach (var port in service.Spec.Ports)
            {
                foreach (var workload in targets)
                {
                    Assert.True(workload.Pod.Containers.Any(c => Declares(c, port.TargetPort)),
                        $"Service {service.Name} port {port.Port} targets {port.TargetPort}, which no container of {workload} declares");
                }
            }
        }
    }

    [Theory, MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Probes_ask_the_endpoints_the_code_maps_on_a_port_the_container_declares(string overlay)
    {
        foreach (var workload in Kustomize.Render(overlay).ProductWorkloads)
        {
            var container = workload.MainContainer;
            var mapped = ProbeEndpoints.MappedBy(workload.Product!.Value);
            Assert.NotEmpty(container.Probes);
            foreach (var (kind, probe) in container.Probes)
            {
                var get = probe.HttpGet ?? throw new Xunit.Sdk.XunitException($"{workload} {kind} probe is not an HTTP GET");
                Assert.True(mapped.Contains(get.Path!), $"{workload} {kind} probe asks {get.Path}, which {workload.Product} does not map ({string.Join(", ", mapped)})");
                Assert.True(Declares(container, get.Port), $"{workload} {kind} probe asks port {get.Port}, which the container does not declare");
            }
        }
    }

    [Theory, MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Liveness_needs_only_the_process_and_readiness_what_serving_needs(string overlay)
    {
        foreach (var workload in Kustomize.Render(overlay).ProductWorkloads)
        {
            var container = workload.MainContainer;
            // A database outage must take pods out of the Service, never restart them all: liveness is /alive.
            Assert.Equal(ProbeEndpoints.Alive, container.LivenessProbe?.HttpGet?.Path);
            Assert.Equal(ProbeEndpoints.Alive, container.StartupProbe?.HttpGet?.Path);
            // The gateway stays in rotation while a service restarts (/ready); a service needs its database (/health).
            Assert.Equal(workload.Product == Component.Gateway ? ProbeEndpoints.Ready : ProbeEndpoints.Health, container.ReadinessProbe?.HttpGet?.Path);
        }
    }

    [Theory, MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Start_up_has_a_minute_before_liveness_may_restart_a_pod(string overlay)
    {
        foreach (var workload in Kustomize.Render(overlay).ProductWorkloads)
        {
            var startup = workload.MainContainer.StartupProbe ?? throw new Xunit.Sdk.XunitException($"{workload} has no startup probe");
            var budget = (startup.PeriodSeconds ?? 10) * (startup.FailureThreshold ?? 3) + (startup.InitialDelaySeconds ?? 0);
            Assert.True(budget >= 60, $"{workload} may take {budget} s to start before it is restarted; a busy node needs more");
        }
    }

    [Theory, MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void The_Ingress_sends_everything_to_the_gateway(string overlay)
    {
        var manifests = Kustomize.Render(overlay);
        var ingress = manifests.Get("Ingress", "gateway");
        var rules = ingress.Body["spec"]!["rules"]!.AsArray();

        var rule = Assert.Single(rules);
        var path = Assert.Single(rule!["http"]!["paths"]!.AsArray())!;
        Assert.Equal("/", (string?)path["path"]);
        Assert.Equal("Prefix", (string?)path["pathType"]);
        var backend = path["backend"]!["service"]!;
        var service = manifests.Services.Single(s => s.Name == (string?)backend["name"]);
        Assert.Equal([Component.Gateway], service.Targets(manifests).Select(w => w.Product));
        var port = backend["port"]!;
        Assert.Contains(service.Spec.Ports, p => p.Name == (string?)port["name"] || p.Port == (int?)port["number"]);
    }

    [Fact]
    public void Production_serves_its_host_over_TLS()
    {
        var ingress = Kustomize.Render(Overlays.Production).Get("Ingress", "gateway");
        var host = (string?)ingress.Body["spec"]!["rules"]![0]!["host"];

        var tls = Assert.Single(ingress.Body["spec"]!["tls"]!.AsArray())!;
        Assert.Contains(host, tls["hosts"]!.AsArray().Select(h => (string?)h));
        Assert.False(string.IsNullOrEmpty((string?)tls["secretName"]));
    }

    private static bool Declares(Container container, IntOrString port) =>
        (container.Ports ?? []).Any(p => port.Number is { } number ? p.Number == number : p.Name == port.Name);
}
