using McpGateway.Deploy.Tests.Manifests;

namespace McpGateway.Deploy.Tests;

/// <summary>Theory data: every kustomization a user may apply (the base, each overlay).</summary>
public static class Overlays
{
    public static TheoryData<string> All => new(Kustomize.Kustomizations);

    public const string Production = "overlays/production";
    public const string Local = "overlays/local";
}
