using McpGateway.Deploy.Tests.Manifests;
using McpGateway.Deploy.Tests.Settings;

namespace McpGateway.Deploy.Tests;

/// <summary>The health endpoints each process maps, from the code: ServiceDefaults' and the gateway's own.</summary>
public static class ProbeEndpoints
{
    public const string Health = ServiceDefaults.Extensions.HealthEndpointPath;
    public const string Alive = ServiceDefaults.Extensions.AlivenessEndpointPath;
    public const string Ready = ServiceDefaults.Extensions.ReadinessEndpointPath;

    /// <summary>
    /// Every process maps /health and /alive when its Program.cs calls `MapDefaultEndpoints()`; the gateway also maps
    /// /ready (GatewayApi, through `MapGatewayEndpoints()`). Read from the sources, so a process that stops mapping one
    /// fails the probe tests.
    /// </summary>
    public static IReadOnlySet<string> MappedBy(Component component)
    {
        var program = SourceCode.Of(component).Single(f => f.Path.EndsWith("Program.cs", StringComparison.Ordinal) && Path.GetDirectoryName(f.Path) == Path.GetDirectoryName(SourceCode.Projects[component]));
        var paths = new HashSet<string>();
        if (program.Text.Contains("app.MapDefaultEndpoints(", StringComparison.Ordinal))
        {
            paths.UnionWith([Health, Alive]);
        }
        if (program.Text.Contains("app.MapGatewayEndpoints();", StringComparison.Ordinal)
            && SourceCode.Contains(component, ["app.MapHealthChecks(ReadyEndpointPath"]))
        {
            paths.Add(Ready);
        }
        return paths;
    }
}
