namespace McpGateway.Deploy.Tests.Manifests;

// NetworkPolicy (networking.k8s.io/v1) as Kubernetes defines it, enough to ask whether one connection is allowed.

public sealed record NetworkPolicySpec(LabelSelector PodSelector, string[]? PolicyTypes, NetworkPolicyRule[]? Ingress, NetworkPolicyRule[]? Egress)
{
    /// <summary>Kubernetes' default: Ingress always, Egress when egress rules are given.</summary>
    public IReadOnlyList<string> Types => PolicyTypes ?? (Egress is null ? ["Ingress"] : ["Ingress", "Egress"]);
}

/// <summary>An ingress (`from`) or egress (`to`) rule: no peers means any peer, no ports any port.</summary>
public sealed record NetworkPolicyRule(NetworkPolicyPeer[]? From, NetworkPolicyPeer[]? To, NetworkPolicyPort[]? Ports);

public sealed record NetworkPolicyPeer(LabelSelector? PodSelector, LabelSelector? NamespaceSelector, IpBlock? IpBlock);

public sealed record IpBlock(string Cidr, string[]? Except);

public sealed record NetworkPolicyPort(IntOrString? Port, string? Protocol, int? EndPort);

/// <summary>
/// One end of a connection: a pod (its labels, its namespace's labels) or an address outside the cluster's pods
/// (a managed database, an upstream MCP server, a client on the internet).
/// </summary>
public sealed record NetworkEndpoint(string Description, IReadOnlyDictionary<string, string>? PodLabels, IReadOnlyDictionary<string, string>? NamespaceLabels, ContainerPortSpec[]? Ports)
{
    public bool IsPod => PodLabels is not null;

    public static NetworkEndpoint Address(string description) => new(description, null, null, null);

    public static NetworkEndpoint PodIn(string namespaceName, IReadOnlyDictionary<string, string>? labels = null) =>
        new($"a pod in namespace {namespaceName}", labels ?? new Dictionary<string, string>(), NamespaceLabelsOf(namespaceName), null);

    public static IReadOnlyDictionary<string, string> NamespaceLabelsOf(string namespaceName) =>
        new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = namespaceName };

    public override string ToString() => Description;
}

/// <summary>
/// The NetworkPolicies one kustomization renders, applied as a CNI enforces them: a connection is allowed when the
/// source's policies allow it out (or none isolates it for egress) and the destination's allow it in (likewise).
/// All the rendered objects share one namespace.
/// </summary>
public sealed class NetworkPolicies(RenderedManifests manifests)
{
    private readonly IReadOnlyList<(string Name, NetworkPolicySpec Spec)> policies =
        manifests.OfKind("NetworkPolicy").Select(o => (o.Name, o.As<NetworkPolicySpec>("spec"))).ToList();

    /// <summary>The namespace the manifests go to (the base has none: `kubectl apply -n` decides, "default" here).</summary>
    public string Namespace { get; } = manifests.ProductWorkloads.Select(w => w.Object.Namespace).FirstOrDefault() ?? "default";

    public IEnumerable<(string Name, NetworkPolicySpec Spec)> All => policies;

    public NetworkEndpoint PodsOf(Workload workload) =>
        new(workload.ToString(), workload.PodLabels, NetworkEndpoint.NamespaceLabelsOf(Namespace), [.. workload.Pod.Containers.SelectMany(c => c.Ports ?? [])]);

    /// <summary>The policies that select the pods of <paramref name="workload"/> for <paramref name="type"/> (Ingress, Egress).</summary>
    public IEnumerable<string> Isolating(Workload workload, string type) =>
        policies.Where(p => p.Spec.Types.Contains(type) && p.Spec.PodSelector.Matches(workload.PodLabels)).Select(p => p.Name);

    public bool Allows(NetworkEndpoint source, NetworkEndpoint destination, int port, string protocol = "TCP") =>
        AllowedOut(source, destination, port, protocol) && AllowedIn(source, destination, port, protocol);

    private bool AllowedOut(NetworkEndpoint source, NetworkEndpoint destination, int port, string protocol) =>
        !InThisNamespace(source) || Allowed(source, "Egress", p => p.Egress, r => r.To, destination, port, protocol);

    private bool AllowedIn(NetworkEndpoint source, NetworkEndpoint destination, int port, string protocol) =>
        !InThisNamespace(destination) || Allowed(destination, "Ingress", p => p.Ingress, r => r.From, source, port, protocol);

    /// <summary>Not isolated for <paramref name="type"/>, or some rule of a policy selecting <paramref name="selected"/> admits the peer and port.</summary>
    private bool Allowed(NetworkEndpoint selected, string type, Func<NetworkPolicySpec, NetworkPolicyRule[]?> rules,
        Func<NetworkPolicyRule, NetworkPolicyPeer[]?> peers, NetworkEndpoint peer, int port, string protocol)
    {
        var selecting = policies.Select(p => p.Spec).Where(p => p.Types.Contains(type) && p.PodSelector.Matches(selected.PodLabels)).ToList();
        return selecting.Count == 0 || selecting.SelectMany(p => rules(p) ?? []).Any(rule =>
            (peers(rule) is not { Length: > 0 } list || list.Any(p => Matches(p, peer)))
            && (rule.Ports is not { Length: > 0 } ports || ports.Any(p => Matches(p, port, protocol, type == "Ingress" ? selected : peer))));
    }

    private bool InThisNamespace(NetworkEndpoint endpoint) =>
        endpoint.IsPod && endpoint.NamespaceLabels!.GetValueOrDefault("kubernetes.io/metadata.name") == Namespace;

    private bool Matches(NetworkPolicyPeer peer, NetworkEndpoint endpoint)
    {
        if (peer.IpBlock is not null)
        {
            // Addresses outside the pods; this check does not model CIDRs, so any ipBlock counts as reaching them.
            return !endpoint.IsPod;
        }
        if (!endpoint.IsPod)
        {
            return false;
        }
        var namespaceMatches = peer.NamespaceSelector is { } namespaces ? namespaces.Matches(endpoint.NamespaceLabels) : InThisNamespace(endpoint);
        return namespaceMatches && (peer.PodSelector?.Matches(endpoint.PodLabels) ?? true);
    }

    /// <summary>A numbered port, a range, or a named port of the pod that receives the connection.</summary>
    private static bool Matches(NetworkPolicyPort rule, int port, string protocol, NetworkEndpoint receiver) =>
        (rule.Protocol ?? "TCP") == protocol && rule.Port switch
        {
            null => true,
            { Number: { } first } => rule.EndPort is { } last ? port >= first && port <= last : port == first,
            { Name: { } name } => (receiver.Ports ?? []).Any(p => p.Name == name && p.Number == port),
            _ => false,
        };
}
