using System.Reflection;

namespace McpGateway.AppHost.Hosting;

/// <summary>
/// Runs a project resource from its built entry assembly (`dotnet McpGateway.Auth.dll`) instead of Aspire's default
/// `dotnet run --project ... --no-build`: that launcher stays alive beside each service (about 125 MB each, four of
/// them) and evaluates the project file again at every start. AppHost.csproj (target RecordResourceEntryPoints)
/// records each project's TargetPath for the Configuration built, so nothing is guessed.
/// </summary>
public static class ResourceEntryPoints
{
    private const string Prefix = "entry-point:";

    /// <summary>
    /// Runs the resource as `dotnet {entry dll}` in <paramref name="workingDirectory"/> (AppHost's own, so relative
    /// paths in settings mean what they meant to the user, as they do to AppHost).
    /// </summary>
    public static IResourceBuilder<ProjectResource> RunBuiltEntryPoint(this IResourceBuilder<ProjectResource> project, string workingDirectory)
    {
        var entryPoint = Find(project.Resource.GetProjectMetadata().ProjectPath);
        return project
            .WithAnnotation(new ExecutableAnnotation { Command = "dotnet", WorkingDirectory = workingDirectory }, ResourceAnnotationMutationBehavior.Replace)
            .WithArgs(entryPoint);
    }

    private static string Find(string projectPath)
    {
        var path = typeof(ResourceEntryPoints).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == Prefix + projectPath)?.Value
            ?? throw new InvalidOperationException($"AppHost was built without recording {projectPath}'s entry assembly; rebuild it: dotnet build AppHost");
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} does not exist; build it: dotnet build AppHost");
    }
}
