namespace McpGateway.Deploy.Tests.Settings;

/// <summary>
/// An environment variable the product reads, and what the manifests must do with it.
/// </summary>
/// <param name="Name">As a pod sets it (`__` for configuration's `:`); `{service}` stands for the pod's own service.</param>
/// <param name="ReadBy">The processes that read it: a pod of any other must not get it.</param>
/// <param name="RequiredBy">The processes that must get it in Kubernetes (a subset of <paramref name="ReadBy"/>).</param>
/// <param name="Secret">Only from a Secret (secretKeyRef), never a value or a ConfigMap.</param>
/// <param name="Evidence">
/// Text in the sources of each process of <paramref name="ReadBy"/> that shows it reads the setting, any one of them;
/// by default the key as a C# string literal (`"LOG_FORMAT"`, `"services:auth:http:0"`).
/// </param>
/// <param name="Framework">Read by the framework rather than our code (no evidence in our sources): by what.</param>
public sealed record Setting(
    string Name,
    Readers ReadBy,
    Readers RequiredBy = Readers.None,
    bool Secret = false,
    string[]? Evidence = null,
    string? Framework = null)
{
    /// <summary>The configuration key (`ConnectionStrings:rabbitmq`).</summary>
    public string Key => Name.Replace("__", ":", StringComparison.Ordinal);

    public IReadOnlyList<string> EvidenceInSources => Evidence ?? [$"\"{Key}\""];

    /// <summary>The variable a pod of <paramref name="service"/> sets (`{service}` filled in).</summary>
    public string NameFor(string service) => Name.Replace("{service}", service, StringComparison.Ordinal);

    public override string ToString() => Name;
}
