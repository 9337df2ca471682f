using McpGateway.Deploy.Tests.Manifests;

namespace McpGateway.Deploy.Tests;

/// <summary>Pods run as Kubernetes' "restricted" Pod Security profile asks, and the product's with a read-only root.</summary>
public sealed class SecurityTests
{
    [Theory, MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Every_pod_runs_as_a_non_root_user_with_the_default_seccomp_profile_and_no_API_token(string overlay)
    {
        foreach (var workload in Kustomize.Render(overlay).Workloads)
        {
            var pod = workload.Pod;
            Assert.True(pod.SecurityContext?.RunAsNonRoot == true, $"{workload}: runAsNonRoot");
            Assert.True(pod.SecurityContext?.RunAsUser is > 0, $"{workload}: runAsUser, by number");
            Assert.Equal("RuntimeDefault", pod.SecurityContext?.SeccompProfile?.Type);
            Assert.True(pod.AutomountServiceAccountToken == false, $"{workload}: automountServiceAccountToken");
        }
    }

    [Theory, MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Every_container_drops_all_capabilities_and_cannot_escalate(string overlay)
    {
        foreach (var workload in Kustomize.Render(overlay).Workloads)
        {
            foreach (var container in workload.Pod.AllContainers)
            {
                var security = container.SecurityContext;
                var where = $"{workload}/{container.Name}";
                Assert.True(security?.AllowPrivilegeEscalation == false, $"{where}: allowPrivilegeEscalation");
                Assert.True(security?.Privileged != true, $"{where}: privileged");
                Assert.Equal(["ALL"], security?.Capabilities?.Drop ?? []);
                Assert.Empty(security?.Capabilities?.Add ?? []);
            }
        }
    }

    [Theory, MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void The_products_containers_have_a_read_only_root_and_a_writable_tmp_of_their_own(string overlay)
    {
        foreach (var workload in Kustomize.Render(overlay).ProductWorkloads)
        {
            foreach (var container in workload.Pod.AllContainers)
            {
                var where = $"{workload}/{container.Name}";
                Assert.True(container.SecurityContext?.ReadOnlyRootFilesystem == true, $"{where}: readOnlyRootFilesystem");
                var tmp = Assert.Single(container.VolumeMounts ?? [], m => m.MountPath == "/tmp");
                var volume = Assert.Single(workload.Pod.Volumes ?? [], v => v.Name == tmp.Name);
                Assert.True(volume.EmptyDir is not null, $"{where}: /tmp is an emptyDir");
                Assert.True(tmp.ReadOnly != true, $"{where}: /tmp is writable");
            }
        }
    }

    [Theory, MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Images_are_pinned_by_tag_or_digest(string overlay)
    {
        foreach (var workload in Kustomize.Render(overlay).Workloads)
        {
            foreach (var container in workload.Pod.AllContainers)
            {
                var image = ImageReference.Parse(container.Image);
                Assert.True(image.Digest is not null || image.Tag is { } tag && tag != "latest",
                    $"{workload}/{container.Name}: {container.Image} is not pinned (name a version tag or a digest)");
            }
        }
    }

    [Theory]
    [InlineData(Overlays.Local)]
    [InlineData(Overlays.Production)]
    public void The_overlays_namespace_enforces_the_restricted_pod_security_profile(string overlay)
    {
        var manifests = Kustomize.Render(overlay);
        var namespaceName = manifests.ProductWorkloads.Select(w => w.Object.Namespace).Distinct().Single();

        var ns = manifests.Get("Namespace", namespaceName!);
        Assert.Equal("restricted", ns.Labels.GetValueOrDefault("pod-security.kubernetes.io/enforce"));
    }
}
