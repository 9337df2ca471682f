using McpGateway.Deploy.Tests.Build;
using McpGateway.Deploy.Tests.Manifests;

namespace McpGateway.Deploy.Tests;

/// <summary>The manifests run the images the build makes, the way the build makes them.</summary>
public sealed class ImageTests
{
    public static TheoryData<Component> Components => new(Enum.GetValues<Component>());

    [Theory, MemberData(nameof(Components))]
    public void The_image_is_a_chiseled_ASP_NET_Core_runtime_started_as_an_entrypoint_by_a_numbered_non_root_user(Component component)
    {
        var image = ContainerImage.Of(component);

        Assert.Equal($"mcp-gateway/{component.ToString().ToLowerInvariant()}", image.Repository);
        Assert.Matches(@"^mcr\.microsoft\.com/dotnet/aspnet:10\.0-[a-z]+-chiseled$", image.BaseImage);
        Assert.Equal("1654", image.User);
        Assert.Equal("Entrypoint", image.CommandInstruction);
        // `dotnet /app/McpGateway.X.dll`: a pod's `args` are appended to it, so `args: [migrate]` runs `X migrate`.
        Assert.Equal(["dotnet", $"/app/McpGateway.{component}.dll"], image.Entrypoint);
        Assert.NotEmpty(image.Tags);
        Assert.DoesNotContain("latest", image.Tags);
    }

    [Theory, MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Each_pod_runs_its_own_image_at_the_version_the_build_tags(string overlay)
    {
        foreach (var workload in Kustomize.Render(overlay).ProductWorkloads)
        {
            var image = ContainerImage.Of(workload.Product!.Value);
            foreach (var container in workload.Pod.AllContainers)
            {
                var reference = ImageReference.Parse(container.Image);
                Assert.True(reference.IsRepository(image.Repository), $"{workload}/{container.Name} runs {container.Image}, not {image.Repository}");
                Assert.True(reference.Digest is not null || image.Tags.Contains(reference.Tag!),
                    $"{workload}/{container.Name} runs tag {reference.Tag}; the build tags {string.Join(", ", image.Tags)} (bump deploy/k8s/base/kustomization.yaml's images with Version)");
            }
        }
    }

    [Theory, MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Pods_run_as_the_images_user_and_declare_the_images_port(string overlay)
    {
        foreach (var workload in Kustomize.Render(overlay).ProductWorkloads)
        {
            var image = ContainerImage.Of(workload.Product!.Value);
            Assert.Equal(image.User, workload.Pod.SecurityContext?.RunAsUser?.ToString());
            Assert.Equal(image.Ports, (workload.MainContainer.Ports ?? []).Select(p => p.Number));
        }
    }

    [Fact]
    public void The_gateway_image_listens_beyond_its_own_loopback()
    {
        Assert.Equal("0.0.0.0", ContainerImage.Of(Component.Gateway).Environment.GetValueOrDefault("HOST"));
    }
}
