using System.Text.RegularExpressions;
using McpGateway.Deploy.Tests.Manifests;

namespace McpGateway.Deploy.Tests;

/// <summary>
/// The Secret the pods refer to is the user's to create: secrets.example.yaml and the local cluster's command in
/// deploy/k8s/README.md must name every key the pods need, and no overlay may render it.
/// </summary>
public sealed partial class SecretExampleTests
{
    private const string SecretName = "mcp-gateway-secrets";
    private static readonly string ExamplePath = Path.Combine(Kustomize.DeployDirectory, "secrets.example.yaml");

    [Theory, MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void No_kustomization_renders_the_Secret(string overlay)
    {
        Assert.Null(Kustomize.Render(overlay).SecretKeys(SecretName));
    }

    [Theory, MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void The_example_holds_every_key_the_pods_require_and_names_the_optional_ones(string overlay)
    {
        var example = YamlToJson.Documents(File.ReadAllText(ExamplePath)).Single();
        Assert.Equal(SecretName, (string?)example["metadata"]!["name"]);
        var given = RenderedManifests.Data(example["stringData"]).Keys.ToHashSet();
        var commented = CommentedKey().Matches(File.ReadAllText(ExamplePath)).Select(m => m.Groups[1].Value).ToHashSet();

        foreach (var (key, optional) in References(Kustomize.Render(overlay)))
        {
            Assert.True(optional ? given.Contains(key) || commented.Contains(key) : given.Contains(key),
                $"secrets.example.yaml lacks {(optional ? "the optional" : "the required")} key {key}");
        }
    }

    [Fact]
    public void The_example_holds_no_key_that_no_pod_reads()
    {
        var referenced = Kustomize.Kustomizations.SelectMany(k => References(Kustomize.Render(k))).Select(r => r.Key).ToHashSet();
        var example = YamlToJson.Documents(File.ReadAllText(ExamplePath)).Single();

        var keys = RenderedManifests.Data(example["stringData"]).Keys
            .Concat(CommentedKey().Matches(File.ReadAllText(ExamplePath)).Select(m => m.Groups[1].Value)).ToList();
        Assert.NotEmpty(keys);
        Assert.Subset(referenced, keys.ToHashSet());
    }

    [Fact]
    public void The_local_clusters_command_creates_every_required_key()
    {
        var readme = File.ReadAllText(Path.Combine(Kustomize.DeployDirectory, "README.md"));
        var command = LocalSecretCommand().Match(readme);
        Assert.True(command.Success, "deploy/k8s/README.md has no `kubectl create secret generic mcp-gateway-secrets` command");
        var created = LiteralKey().Matches(command.Value).Select(m => m.Groups[1].Value).ToHashSet();

        var required = References(Kustomize.Render(Overlays.Local)).Where(r => !r.Optional).Select(r => r.Key).ToHashSet();
        Assert.Superset(required, created);
    }

    /// <summary>Every key of the Secret a container of <paramref name="manifests"/> refers to, and whether it may be absent.</summary>
    private static IEnumerable<(string Key, bool Optional)> References(RenderedManifests manifests) =>
        manifests.Workloads.SelectMany(w => w.Pod.AllContainers).SelectMany(c => c.Env ?? [])
            .Select(e => e.ValueFrom?.SecretKeyRef).OfType<KeySelector>().Where(k => k.Name == SecretName)
            .GroupBy(k => k.Key).Select(g => (g.Key, g.All(k => k.Optional == true)));

    /// <summary>A key left as a comment in stringData, to uncomment when wanted (`  #basic-auth-user: admin`).</summary>
    [GeneratedRegex(@"^  #([a-z0-9-]+): ", RegexOptions.Multiline)]
    private static partial Regex CommentedKey();

    [GeneratedRegex(@"kubectl -n mcp-gateway create secret generic mcp-gateway-secrets(?:[^\n]*\\\n)+[^\n]*")]
    private static partial Regex LocalSecretCommand();

    [GeneratedRegex(@"--from-literal=([a-z0-9-]+)=")]
    private static partial Regex LiteralKey();
}
