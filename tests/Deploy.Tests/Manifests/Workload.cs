namespace McpGateway.Deploy.Tests.Manifests;

/// <summary>The processes of the product, as their pods are labelled (`app.kubernetes.io/name`).</summary>
public enum Component { Gateway, Auth, Teams, Catalog, Admin }

public static class ComponentKinds
{
    /// <summary>
    /// The services behind the gateway's API routes: each has a database of its own (migrated by its pods' init
    /// container) and a message bus. The gateway and the admin UI have neither.
    /// </summary>
    public static bool IsService(this Component component) => component is Component.Auth or Component.Teams or Component.Catalog;
}

/// <summary>An object that runs pods: its replicas, its selector and the pod it stamps out.</summary>
public sealed record Workload(KubeObject Object, int? Replicas, LabelSelector Selector, PodTemplateSpec Template)
{
    public static readonly IReadOnlySet<string> Kinds = new HashSet<string> { "Deployment", "StatefulSet", "DaemonSet", "Job" };

    public const string PartOfLabel = "app.kubernetes.io/part-of";
    public const string NameLabel = "app.kubernetes.io/name";
    public const string ProductName = "mcp-gateway";

    public string Name => Object.Name;

    public IReadOnlyDictionary<string, string> PodLabels => Template.Metadata.Labels ?? [];

    public PodSpec Pod => Template.Spec;

    /// <summary>Which process of the product this runs, or null for anything else (bundled infrastructure).</summary>
    public Component? Product =>
        PodLabels.GetValueOrDefault(PartOfLabel) == ProductName && Enum.TryParse<Component>(PodLabels.GetValueOrDefault(NameLabel), ignoreCase: true, out var component)
            ? component
            : null;

    /// <summary>The product's main container: the one named after the component.</summary>
    public Container MainContainer => Pod.Containers.Single(c => c.Name == Name);

    public static Workload From(KubeObject o) => new(
        o,
        o.Body["spec"]?["replicas"] is { } replicas ? (int)replicas : null,
        o.Kind == "Job" && o.Body["spec"]?["selector"] is null ? new LabelSelector(null, null) : o.As<LabelSelector>("spec", "selector"),
        o.As<PodTemplateSpec>("spec", "template"));

    public override string ToString() => Object.ToString();
}

/// <summary>A Service: which pods it selects and which of their ports it exposes.</summary>
public sealed record ServiceObject(KubeObject Object, ServiceSpec Spec)
{
    public string Name => Object.Name;

    public static ServiceObject From(KubeObject o) => new(o, o.As<ServiceSpec>("spec"));

    /// <summary>The workloads whose pods this Service sends traffic to.</summary>
    public IEnumerable<Workload> Targets(RenderedManifests manifests) =>
        Spec.Selector is { Count: > 0 } selector ? manifests.Workloads.Where(w => new LabelSelector(selector, null).Matches(w.PodLabels)) : [];
}
