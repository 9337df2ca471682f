using System.Text.RegularExpressions;
using McpGateway.Deploy.Tests.Manifests;
using McpGateway.Deploy.Tests.Settings;

namespace McpGateway.Deploy.Tests;

/// <summary>Every pod gets the settings its process reads, the required ones, secrets only from Secrets, values that fit.</summary>
public sealed partial class ConfigurationTests
{
    [Theory, MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Every_variable_a_pod_gets_is_one_its_process_reads(string overlay)
    {
        var manifests = Kustomize.Render(overlay);
        var unread = new List<string>();
        foreach (var (workload, container, reader) in ProductContainers(manifests))
        {
            foreach (var variable in container.EnvironmentOf(manifests).Values)
            {
                if (SettingsCatalog.Find(variable.Name, workload.Name) is not { } setting || !setting.ReadBy.HasFlag(reader))
                {
                    unread.Add($"{workload}/{container.Name}: {variable}");
                }
            }
        }
        Assert.True(unread.Count == 0,
            "Variables that no code of the process reads (a typo, or a setting that Settings/SettingsCatalog.cs does not give this process):\n" + string.Join("\n", unread));
    }

    [Theory, MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Every_pod_gets_the_settings_it_requires_in_Kubernetes(string overlay)
    {
        var manifests = Kustomize.Render(overlay);
        var missing = new List<string>();
        foreach (var (workload, container, reader) in ProductContainers(manifests))
        {
            var environment = container.EnvironmentOf(manifests);
            missing.AddRange(SettingsCatalog.All
                .Where(s => s.RequiredBy.HasFlag(reader) && !environment.ContainsKey(s.NameFor(workload.Name)))
                .Select(s => $"{workload}/{container.Name}: {s.NameFor(workload.Name)}"));
        }
        Assert.True(missing.Count == 0, "Required settings missing:\n" + string.Join("\n", missing));
    }

    [Theory, MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Secrets_come_from_a_Secret_by_reference_never_as_a_value(string overlay)
    {
        var manifests = Kustomize.Render(overlay);
        var exposed = new List<string>();
        foreach (var workload in manifests.Workloads)
        {
            foreach (var container in workload.Pod.AllContainers)
            {
                foreach (var variable in container.EnvironmentOf(manifests).Values.Where(v => v.Source != EnvironmentSource.Secret))
                {
                    var catalogued = SettingsCatalog.Find(variable.Name, workload.Name);
                    if (catalogued?.Secret == true || SecretName().IsMatch(variable.Name))
                    {
                        exposed.Add($"{workload}/{container.Name}: {variable}");
                    }
                }
            }
        }
        Assert.True(exposed.Count == 0, "Secrets given inline (use valueFrom.secretKeyRef):\n" + string.Join("\n", exposed));
    }

    [Theory, MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void No_ConfigMap_holds_a_credential(string overlay)
    {
        var manifests = Kustomize.Render(overlay);
        foreach (var configMap in manifests.OfKind("ConfigMap"))
        {
            foreach (var (key, value) in manifests.ConfigMapData(configMap.Name))
            {
                Assert.False(CredentialInUrl().IsMatch(value), $"ConfigMap {configMap.Name} {key} holds a URL with credentials");
                Assert.False(SecretName().IsMatch(key), $"ConfigMap {configMap.Name} holds {key}: it belongs in a Secret");
            }
        }
    }

    [Theory, MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Services_leave_migrating_to_their_init_container(string overlay)
    {
        var manifests = Kustomize.Render(overlay);
        foreach (var workload in manifests.ProductWorkloads.Where(w => w.Product!.Value.IsService()))
        {
            Assert.Equal("false", Value(manifests, workload.MainContainer, "MIGRATE_ON_STARTUP"));
        }
    }

    [Theory, MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Each_process_listens_on_every_interface_at_the_port_its_container_declares(string overlay)
    {
        var manifests = Kustomize.Render(overlay);
        foreach (var workload in manifests.ProductWorkloads)
        {
            var container = workload.MainContainer;
            var declared = Assert.Single(container.Ports ?? [], p => p.Name == "http").Number;
            if (workload.Product == Component.Gateway)
            {
                // ListenAddress: HOST and PORT, unless ASPNETCORE_URLS (which the manifests leave unset).
                Assert.Contains(Value(manifests, container, "HOST"), new[] { "0.0.0.0", "*", "+", "::", "[::]" });
                Assert.Equal(declared.ToString(), Value(manifests, container, "PORT"));
            }
            else
            {
                Assert.Equal(declared.ToString(), Value(manifests, container, "ASPNETCORE_HTTP_PORTS"));
            }
            Assert.Null(Value(manifests, container, "ASPNETCORE_URLS"));
        }
    }

    [Theory, MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Service_addresses_name_the_Service_in_front_of_that_process_and_its_port(string overlay)
    {
        var manifests = Kustomize.Render(overlay);
        var checkedAny = false;
        foreach (var (workload, container, _) in ProductContainers(manifests))
        {
            foreach (var variable in container.EnvironmentOf(manifests).Values)
            {
                if (ServiceAddress().Match(variable.Name) is not { Success: true } match)
                {
                    continue;
                }
                checkedAny = true;
                var target = Enum.Parse<Component>(match.Groups[1].Value, ignoreCase: true);
                var address = new Uri(variable.Value!);
                var service = manifests.Services.SingleOrDefault(s => s.Name == address.Host.Split('.')[0])
                    ?? throw new Xunit.Sdk.XunitException($"{workload}: {variable.Name}={address} names no Service");
                Assert.True(service.Targets(manifests).Any(w => w.Product == target), $"{workload}: {variable.Name}={address} reaches Service {service.Name}, which is not in front of {target}");
                Assert.True(service.Spec.Ports.Any(p => p.Port == address.Port), $"{workload}: {variable.Name}={address}: Service {service.Name} has no port {address.Port}");
            }
        }
        Assert.True(checkedAny);
    }

    [Theory, MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void The_token_issuer_is_the_public_origin_the_Ingress_serves(string overlay)
    {
        var manifests = Kustomize.Render(overlay);
        var ingress = manifests.Get("Ingress", "gateway").Body["spec"]!;
        var host = (string)ingress["rules"]![0]!["host"]!;
        var scheme = ingress["tls"]?.AsArray().Any(t => t!["hosts"]!.AsArray().Any(h => (string?)h == host)) == true ? "https" : "http";

        // The services check it on every token; the admin UI sends the browser there and checks the tokens it gets.
        foreach (var workload in manifests.ProductWorkloads.Where(w => w.Product != Component.Gateway))
        {
            Assert.Equal($"{scheme}://{host}", Value(manifests, workload.MainContainer, "APP_DOMAIN"));
            Assert.Null(Value(manifests, workload.MainContainer, "JWT_ISSUER"));
        }
    }

    /// <summary>Every container of the product's pods and the process it runs (the `migrate` init container migrates).</summary>
    private static IEnumerable<(Workload Workload, Container Container, Readers Reader)> ProductContainers(RenderedManifests manifests)
    {
        foreach (var workload in manifests.ProductWorkloads)
        {
            foreach (var init in workload.Pod.InitContainers ?? [])
            {
                Assert.True(init.Name == "migrate", $"{workload} has an init container {init.Name}: the settings catalog knows only `migrate`");
                yield return (workload, init, Readers.Migrate);
            }
            yield return (workload, workload.MainContainer, SettingsCatalogTests.ReaderOf(workload.Product!.Value));
        }
    }

    private static string? Value(RenderedManifests manifests, Container container, string name) =>
        container.EnvironmentOf(manifests).GetValueOrDefault(name)?.Value;

    /// <summary>Names that say "secret" whatever the catalog says, for every container, bundled infrastructure too.</summary>
    [GeneratedRegex("(SECRET|PASSWORD|PASSWD|_PASS$|CREDENTIAL|PRIVATE_KEY|API_KEY|TOKEN$)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"://[^/\s:@]+:[^/\s@]+@")]
    private static partial Regex CredentialInUrl();

    [GeneratedRegex(@"^services__(\w+)__https?__\d+$")]
    private static partial Regex ServiceAddress();
}
