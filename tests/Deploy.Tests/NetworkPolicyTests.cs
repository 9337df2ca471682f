using System.Text.RegularExpressions;
using McpGateway.Deploy.Tests.Manifests;

namespace McpGateway.Deploy.Tests;

/// <summary>
/// The NetworkPolicies, evaluated connection by connection: only the gateway is reachable from outside, and only through
/// the ingress controller; the services only from the gateway and each other; the admin UI only from the gateway; out of
/// the pods only what they need.
/// </summary>
public sealed partial class NetworkPolicyTests
{
    private const string IngressControllerNamespace = "ingress-nginx";

    [Theory, MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Every_pod_is_isolated_both_ways(string overlay)
    {
        var manifests = Kustomize.Render(overlay);
        var policies = new NetworkPolicies(manifests);
        foreach (var workload in manifests.Workloads)
        {
            Assert.True(policies.Isolating(workload, "Ingress").Any(), $"{workload}: no NetworkPolicy isolates its pods for ingress");
            Assert.True(policies.Isolating(workload, "Egress").Any(), $"{workload}: no NetworkPolicy isolates its pods for egress");
        }
        foreach (var (name, spec) in policies.All)
        {
            Assert.True(manifests.Workloads.Any(w => spec.PodSelector.Matches(w.PodLabels)), $"NetworkPolicy {name} selects no pod");
        }
    }

    [Theory, MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void From_outside_only_the_gateways_port_is_reachable_and_only_through_the_ingress_controller(string overlay)
    {
        var manifests = Kustomize.Render(overlay);
        var policies = new NetworkPolicies(manifests);
        var outsiders = new[]
        {
            NetworkEndpoint.PodIn(IngressControllerNamespace),
            NetworkEndpoint.PodIn("default"),
            NetworkEndpoint.Address("a client on the internet"),
        };
        foreach (var workload in manifests.Workloads)
        {
            foreach (var port in workload.Pod.Containers.SelectMany(c => c.Ports ?? []))
            {
                foreach (var outsider in outsiders)
                {
                    var expected = workload.Product == Component.Gateway && port.Name == "http" && outsider == outsiders[0];
                    Assert.True(expected == policies.Allows(outsider, policies.PodsOf(workload), port.Number),
                        $"{outsider} {(expected ? "cannot" : "can")} reach {workload} port {port.Number}");
                }
            }
        }
    }

    [Theory, MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Each_process_reaches_the_services_its_settings_name_and_the_services_only_the_gateway_and_each_other(string overlay)
    {
        var manifests = Kustomize.Render(overlay);
        var policies = new NetworkPolicies(manifests);
        var services = manifests.ProductWorkloads.Where(w => w.Product!.Value.IsService()).ToList();
        foreach (var client in manifests.Workloads)
        {
            foreach (var service in services)
            {
                var port = service.MainContainer.Ports!.Single(p => p.Name == "http").Number;
                var allowed = policies.Allows(policies.PodsOf(client), policies.PodsOf(service), port);
                // A process that names the service in its settings must reach it; no pod but the product's may.
                if (client.Product is null)
                {
                    Assert.False(allowed, $"{client} can reach {service}");
                }
                else if (Names(manifests, client, service.Product!.Value))
                {
                    Assert.True(allowed, $"{client}'s settings name {service}, which its NetworkPolicies do not let it reach on port {port}");
                }
            }
        }
    }

    [Theory, MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void The_services_reach_PostgreSQL_RabbitMQ_and_DNS_and_the_gateway_no_database(string overlay)
    {
        var manifests = Kustomize.Render(overlay);
        var policies = new NetworkPolicies(manifests);
        var externalServers = NetworkEndpoint.PodIn("databases");
        var managed = NetworkEndpoint.Address("a managed database");
        var dns = NetworkEndpoint.PodIn("kube-system", new Dictionary<string, string> { ["k8s-app"] = "kube-dns" });
        var bundled = manifests.Workloads.Where(w => w.Product is null).ToList();
        foreach (var workload in manifests.ProductWorkloads)
        {
            var pods = policies.PodsOf(workload);
            var isService = workload.Product!.Value.IsService();
            foreach (var port in new[] { 5432, 5672 })
            {
                Assert.Equal(isService, policies.Allows(pods, externalServers, port));
                Assert.Equal(isService, policies.Allows(pods, managed, port));
                foreach (var server in bundled.Where(b => b.Pod.Containers.Any(c => (c.Ports ?? []).Any(p => p.Number == port))))
                {
                    Assert.True(isService == policies.Allows(pods, policies.PodsOf(server), port), $"{workload} -> {server}:{port}");
                }
            }
            Assert.True(policies.Allows(pods, dns, 53, "UDP"), $"{workload}: no DNS");
            Assert.True(policies.Allows(pods, dns, 53, "TCP"), $"{workload}: no DNS over TCP");
        }
    }

    [Theory, MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Only_the_catalog_reaches_upstream_MCP_servers(string overlay)
    {
        var manifests = Kustomize.Render(overlay);
        var policies = new NetworkPolicies(manifests);
        var upstream = NetworkEndpoint.Address("an upstream MCP server");
        foreach (var workload in manifests.Workloads)
        {
            Assert.True((workload.Product == Component.Catalog) == policies.Allows(policies.PodsOf(workload), upstream, 443), $"{workload} -> {upstream}:443");
        }
    }

    [Theory, MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void The_admin_UI_is_reached_only_from_the_gateway_and_reaches_only_the_gateway(string overlay)
    {
        var manifests = Kustomize.Render(overlay);
        var policies = new NetworkPolicies(manifests);
        var admin = manifests.ProductWorkloads.Single(w => w.Product == Component.Admin);
        var adminPods = policies.PodsOf(admin);
        var adminPort = admin.MainContainer.Ports!.Single(p => p.Name == "http").Number;
        foreach (var workload in manifests.Workloads.Where(w => w != admin))
        {
            var port = workload.MainContainer.Ports?.SingleOrDefault(p => p.Name == "http")?.Number;
            var isGateway = workload.Product == Component.Gateway;
            Assert.True(isGateway == policies.Allows(policies.PodsOf(workload), adminPods, adminPort), $"{workload} -> {admin}:{adminPort}");
            if (port is { } p)
            {
                // ADMIN_API_URL: the APIs and the OpenID provider's back channel, through the gateway.
                Assert.True(isGateway == policies.Allows(adminPods, policies.PodsOf(workload), p), $"{admin} -> {workload}:{p}");
            }
        }
    }

    [Fact]
    public void The_evaluator_can_tell_a_refused_connection()
    {
        // Guards the checks above against an evaluator that allows everything.
        var manifests = Kustomize.Render(Overlays.Production);
        var policies = new NetworkPolicies(manifests);
        var gateway = policies.PodsOf(manifests.Workload("gateway"));
        var auth = policies.PodsOf(manifests.Workload("auth"));

        Assert.True(policies.Allows(gateway, auth, 8080));
        Assert.False(policies.Allows(gateway, auth, 8081));
        Assert.False(policies.Allows(auth, gateway, 4444));
        Assert.False(policies.Allows(NetworkEndpoint.PodIn(IngressControllerNamespace), auth, 8080));
    }

    /// <summary>Whether the client's settings hold an address of <paramref name="target"/> (`services__auth__http__0`).</summary>
    private static bool Names(RenderedManifests manifests, Workload client, Component target) =>
        client.Pod.AllContainers.SelectMany(c => c.EnvironmentOf(manifests).Keys)
            .Any(name => ServiceAddress().Match(name) is { Success: true } m && string.Equals(m.Groups[1].Value, target.ToString(), StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex(@"^services__(\w+)__https?__\d+$")]
    private static partial Regex ServiceAddress();
}
