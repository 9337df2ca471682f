using System.Text.Json.Nodes;

namespace McpGateway.Deploy.Tests.Manifests;

// The parts of the Kubernetes API types (k8s.io/api) that the tests read, with Kubernetes' field names.

public readonly record struct IntOrString(int? Number, string? Name)
{
    public override string ToString() => Number?.ToString() ?? Name ?? "";
}

public sealed record ObjectMeta(string? Name, Dictionary<string, string>? Labels, Dictionary<string, string>? Annotations);

public sealed record PodTemplateSpec(ObjectMeta Metadata, PodSpec Spec);

public sealed record PodSpec(
    Container[] Containers,
    Container[]? InitContainers,
    Volume[]? Volumes,
    PodSecurityContext? SecurityContext,
    bool? AutomountServiceAccountToken,
    string? ServiceAccountName,
    bool? EnableServiceLinks,
    TopologySpreadConstraint[]? TopologySpreadConstraints)
{
    public IEnumerable<Container> AllContainers => [.. InitContainers ?? [], .. Containers];
}

public sealed record Container(
    string Name,
    string Image,
    string[]? Command,
    string[]? Args,
    ContainerPortSpec[]? Ports,
    EnvVar[]? Env,
    EnvFromSource[]? EnvFrom,
    Probe? StartupProbe,
    Probe? ReadinessProbe,
    Probe? LivenessProbe,
    SecurityContext? SecurityContext,
    VolumeMount[]? VolumeMounts,
    ResourceRequirements? Resources)
{
    public IEnumerable<(string Kind, Probe Probe)> Probes =>
        new[] { ("startup", StartupProbe), ("readiness", ReadinessProbe), ("liveness", LivenessProbe) }
            .Where(p => p.Item2 is not null).Select(p => (p.Item1, p.Item2!));
}

/// <summary>A container port (Kubernetes: `containerPort`).</summary>
public sealed record ContainerPortSpec(string? Name, [property: System.Text.Json.Serialization.JsonPropertyName("containerPort")] int Number, string? Protocol);

public sealed record EnvVar(string Name, string? Value, EnvVarSource? ValueFrom);

public sealed record EnvVarSource(KeySelector? SecretKeyRef, KeySelector? ConfigMapKeyRef, JsonObject? FieldRef, JsonObject? ResourceFieldRef);

public sealed record KeySelector(string Name, string Key, bool? Optional);

public sealed record EnvFromSource(string? Prefix, NameReference? ConfigMapRef, NameReference? SecretRef);

public sealed record NameReference(string Name, bool? Optional);

public sealed record Probe(HttpGetAction? HttpGet, JsonObject? Exec, JsonObject? TcpSocket, JsonObject? Grpc,
    int? InitialDelaySeconds, int? PeriodSeconds, int? TimeoutSeconds, int? FailureThreshold);

public sealed record HttpGetAction(string? Path, IntOrString Port);

public sealed record SecurityContext(bool? AllowPrivilegeEscalation, bool? ReadOnlyRootFilesystem, bool? Privileged,
    bool? RunAsNonRoot, long? RunAsUser, Capabilities? Capabilities, SeccompProfile? SeccompProfile);

public sealed record PodSecurityContext(bool? RunAsNonRoot, long? RunAsUser, long? RunAsGroup, long? FsGroup, SeccompProfile? SeccompProfile);

public sealed record Capabilities(string[]? Add, string[]? Drop);

public sealed record SeccompProfile(string Type);

public sealed record Volume(string Name, JsonObject? EmptyDir, JsonObject? PersistentVolumeClaim, JsonObject? Secret, JsonObject? ConfigMap);

public sealed record VolumeMount(string Name, string MountPath, bool? ReadOnly);

public sealed record ResourceRequirements(Dictionary<string, string>? Requests, Dictionary<string, string>? Limits);

public sealed record TopologySpreadConstraint(int MaxSkew, string TopologyKey, string WhenUnsatisfiable, LabelSelector? LabelSelector, string[]? MatchLabelKeys);

public sealed record ServicePort(string? Name, int Port, IntOrString TargetPort, string? Protocol);

public sealed record ServiceSpec(Dictionary<string, string>? Selector, ServicePort[] Ports, string? Type, string? ClusterIP);

public sealed record CrossVersionObjectReference(string Kind, string Name, string? ApiVersion);
