using System.Reflection;

namespace McpGateway.AppHost.Resources;

/// <summary>
/// The entry assembly of each resource, recorded at build time by AppHost.csproj (target RecordResourceEntryPoints)
/// as `[assembly: AssemblyMetadata("resource:auth", "/abs/path/McpGateway.Auth.dll")]` for the Configuration built.
/// </summary>
public static class ResourceEntryPoints
{
    private const string Prefix = "resource:";

    public static string Find(string resource)
    {
        var path = typeof(ResourceEntryPoints).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == Prefix + resource)?.Value;
        if (path is null)
        {
            // AppHost.csproj leaves out a project that is not in the tree (yet).
            throw new InvalidOperationException($"AppHost was built without the {resource} project (is it in this checkout?); rebuild it: dotnet build AppHost");
        }
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path} ({resource}) does not exist; build it: dotnet build AppHost");
        }
        return path;
    }
}
