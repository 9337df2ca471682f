namespace McpGateway.Deploy.Tests.Manifests;

/// <summary>A Kubernetes label selector (matchLabels and matchExpressions, ANDed). An empty selector matches everything.</summary>
public sealed record LabelSelector(Dictionary<string, string>? MatchLabels, LabelSelectorRequirement[]? MatchExpressions)
{
    public bool IsEmpty => (MatchLabels is null || MatchLabels.Count == 0) && (MatchExpressions is null || MatchExpressions.Length == 0);

    public bool Matches(IReadOnlyDictionary<string, string>? labels)
    {
        labels ??= new Dictionary<string, string>();
        return (MatchLabels ?? []).All(l => labels.TryGetValue(l.Key, out var value) && value == l.Value)
            && (MatchExpressions ?? []).All(e => e.Matches(labels));
    }

    public override string ToString() =>
        string.Join(",", (MatchLabels ?? []).Select(l => $"{l.Key}={l.Value}").Concat((MatchExpressions ?? []).Select(e => e.ToString())));
}

public sealed record LabelSelectorRequirement(string Key, string Operator, string[]? Values)
{
    public bool Matches(IReadOnlyDictionary<string, string> labels) => Operator switch
    {
        "In" => labels.TryGetValue(Key, out var v) && (Values ?? []).Contains(v),
        "NotIn" => !labels.TryGetValue(Key, out var v) || !(Values ?? []).Contains(v),
        "Exists" => labels.ContainsKey(Key),
        "DoesNotExist" => !labels.ContainsKey(Key),
        _ => throw new NotSupportedException($"label selector operator {Operator}"),
    };

    public override string ToString() => $"{Key} {Operator} ({string.Join(",", Values ?? [])})";
}
