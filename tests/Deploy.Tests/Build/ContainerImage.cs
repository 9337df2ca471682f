using System.Diagnostics;
using System.Text.Json;
using McpGateway.Deploy.Tests.Manifests;
using McpGateway.Deploy.Tests.Settings;
using McpGateway.TestSupport;

namespace McpGateway.Deploy.Tests.Build;

/// <summary>
/// The container image a project's `dotnet publish -t:PublishContainer` builds, as MSBuild computes it (the SDK's
/// ComputeContainerConfig target: no publish, no registry, no base image needed).
/// </summary>
public sealed record ContainerImage(
    string Repository,
    IReadOnlyList<string> Tags,
    string BaseImage,
    string User,
    IReadOnlyList<int> Ports,
    IReadOnlyList<string> Entrypoint,
    string CommandInstruction,
    IReadOnlyDictionary<string, string> Environment)
{
    private static readonly Dictionary<Component, Lazy<ContainerImage>> Images =
        Enum.GetValues<Component>().ToDictionary(c => c, c => new Lazy<ContainerImage>(() => Compute(SourceCode.Projects[c])));

    public static ContainerImage Of(Component component) => Images[component].Value;

    private static ContainerImage Compute(string project)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryPaths.Root };
        foreach (var argument in new[]
        {
            "msbuild", project, "-nologo", "-t:ComputeContainerConfig",
            "-getProperty:ContainerRepository", "-getProperty:ContainerImageTags", "-getProperty:ContainerBaseImage",
            "-getProperty:ContainerUser", "-getProperty:ContainerAppCommandInstruction",
            "-getItem:ContainerPort", "-getItem:ContainerAppCommand", "-getItem:ContainerEnvironmentVariable",
        })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet msbuild {project} -t:ComputeContainerConfig failed ({process.ExitCode}):\n{output}\n{error.Result}");
        }
        using var json = JsonDocument.Parse(output);
        var properties = json.RootElement.GetProperty("Properties");
        var items = json.RootElement.GetProperty("Items");
        string Property(string name) => properties.GetProperty(name).GetString() ?? "";
        IEnumerable<JsonElement> Items(string name) => items.TryGetProperty(name, out var list) ? list.EnumerateArray() : [];
        return new ContainerImage(
            Property("ContainerRepository"),
            Property("ContainerImageTags").Split(';', StringSplitOptions.RemoveEmptyEntries),
            Property("ContainerBaseImage"),
            Property("ContainerUser"),
            Items("ContainerPort").Select(i => int.Parse(i.GetProperty("Identity").GetString()!)).ToList(),
            Items("ContainerAppCommand").Select(i => i.GetProperty("Identity").GetString()!).ToList(),
            Property("ContainerAppCommandInstruction"),
            Items("ContainerEnvironmentVariable").ToDictionary(i => i.GetProperty("Identity").GetString()!, i => i.GetProperty("Value").GetString()!));
    }
}
