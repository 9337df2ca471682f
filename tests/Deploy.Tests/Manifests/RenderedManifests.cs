using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Deploy.Tests.Manifests;

/// <summary>One Kubernetes object as rendered: its kind, name, labels and the whole body to read typed parts of.</summary>
public sealed record KubeObject(string Kind, string Name, string? Namespace, IReadOnlyDictionary<string, string> Labels, JsonObject Body)
{
    /// <summary>The body, or the part at <paramref name="path"/> (property names, e.g. "spec", "selector"), as <typeparamref name="T"/>.</summary>
    public T As<T>(params string[] path)
    {
        JsonNode? node = Body;
        foreach (var name in path)
        {
            node = node?[name];
        }
        return node.Deserialize<T>(ManifestJson.Options) ?? throw new InvalidOperationException($"{this} has no {string.Join('.', path)}");
    }

    public override string ToString() => $"{Kind}/{Name}";
}

/// <summary>Every object one kustomization renders to, and typed views of the kinds the tests read.</summary>
public sealed class RenderedManifests(string kustomization, IReadOnlyList<KubeObject> objects)
{
    public string Kustomization { get; } = kustomization;

    public IReadOnlyList<KubeObject> Objects { get; } = objects;

    public IEnumerable<KubeObject> OfKind(string kind) => Objects.Where(o => o.Kind == kind);

    public KubeObject Get(string kind, string name) =>
        Objects.SingleOrDefault(o => o.Kind == kind && o.Name == name)
        ?? throw new InvalidOperationException($"{Kustomization} renders no {kind}/{name}");

    /// <summary>Deployments, StatefulSets, DaemonSets and Jobs: whatever runs pods.</summary>
    public IReadOnlyList<Workload> Workloads { get; } = objects.Where(o => Manifests.Workload.Kinds.Contains(o.Kind)).Select(Manifests.Workload.From).ToList();

    public IEnumerable<Workload> Deployments => Workloads.Where(w => w.Object.Kind == "Deployment");

    /// <summary>The pods of the product itself (the gateway and the services), not bundled infrastructure.</summary>
    public IEnumerable<Workload> ProductWorkloads => Workloads.Where(w => w.Product is not null);

    public Workload Workload(string name) =>
        Workloads.SingleOrDefault(w => w.Name == name) ?? throw new InvalidOperationException($"{Kustomization} renders no workload {name}");

    public IEnumerable<ServiceObject> Services => OfKind("Service").Select(ServiceObject.From);

    /// <summary>A ConfigMap's data by the name a pod refers to it by (after kustomize's hash suffix).</summary>
    public IReadOnlyDictionary<string, string> ConfigMapData(string name) =>
        Data(Get("ConfigMap", name).Body["data"]);

    /// <summary>A Secret's keys (from `data` or `stringData`), where this kustomization renders it.</summary>
    public IReadOnlyCollection<string>? SecretKeys(string name) =>
        OfKind("Secret").SingleOrDefault(s => s.Name == name) is { } secret
            ? [.. Data(secret.Body["data"]).Keys, .. Data(secret.Body["stringData"]).Keys]
            : null;

    public static RenderedManifests Parse(string kustomization, string yaml) =>
        new(kustomization, YamlToJson.Documents(yaml).Select(ToObject).ToList());

    public static IReadOnlyDictionary<string, string> Data(JsonNode? node) =>
        node is JsonObject map ? map.ToDictionary(p => p.Key, p => ManifestJson.Text(p.Value)) : new Dictionary<string, string>();

    private static KubeObject ToObject(JsonObject body)
    {
        var metadata = body["metadata"] as JsonObject;
        return new KubeObject(
            (string?)body["kind"] ?? throw new InvalidDataException("an object without kind"),
            (string?)metadata?["name"] ?? throw new InvalidDataException("an object without metadata.name"),
            (string?)metadata?["namespace"],
            Data(metadata?["labels"]),
            body);
    }
}
