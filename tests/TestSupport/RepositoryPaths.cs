using System.Reflection;

namespace McpGateway.TestSupport;

/// <summary>Where the built executables are: the same outputs AppHost launches.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: the configuration these tests were built in, and so the services too.</summary>
    public static string Configuration { get; } =
        typeof(RepositoryPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>The entry assembly of a service, e.g. <c>ServiceDll("catalog")</c> → services/Catalog/bin/.../McpGateway.Catalog.dll.</summary>
    public static string ServiceDll(string service)
    {
        var project = char.ToUpperInvariant(service[0]) + service[1..];
        return Existing(Path.Combine(Root, "services", project, "bin", Configuration, "net10.0", $"McpGateway.{project}.dll"));
    }

    public static string AppHostDll => Existing(Path.Combine(Root, "AppHost", "bin", Configuration, "net10.0", "McpGateway.AppHost.dll"));

    private static string Existing(string path) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"{path} is not built; build Aspire.sln first.", path);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Aspire.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Cannot find Aspire.sln above " + AppContext.BaseDirectory);
    }
}
