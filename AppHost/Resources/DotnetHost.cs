namespace McpGateway.AppHost.Resources;

/// <summary>The `dotnet` executable that runs AppHost itself, so every resource runs on the same runtime.</summary>
internal static class DotnetHost
{
    public static readonly string Path = Find();

    private static string Find()
    {
        var executable = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        // Run as `dotnet McpGateway.AppHost.dll`: this process is the host.
        if (Environment.ProcessPath is { } self && System.IO.Path.GetFileName(self) == executable)
        {
            return self;
        }
        // Run through its native launcher (`dotnet run`): the runtime lives in {dotnet root}/shared/Microsoft.NETCore.App/{version}/.
        var runtimeDirectory = System.IO.Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var root = System.IO.Path.GetFullPath(System.IO.Path.Combine(runtimeDirectory, "..", "..", ".."));
        var candidate = System.IO.Path.Combine(root, executable);
        return File.Exists(candidate) ? candidate : executable;
    }
}
