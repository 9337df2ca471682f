using System.Text.RegularExpressions;
using System.Xml.Linq;
using McpGateway.Deploy.Tests.Manifests;
using McpGateway.TestSupport;

namespace McpGateway.Deploy.Tests.Settings;

/// <summary>A C# file of the product, by its path from the repository root.</summary>
public sealed record SourceFile(string Path, string Text);

/// <summary>
/// The C# sources each process is built from (its project and every project it references), and the configuration
/// keys they read.
/// </summary>
public static partial class SourceCode
{
    public static readonly IReadOnlyDictionary<Component, string> Projects = new Dictionary<Component, string>
    {
        [Component.Gateway] = "gateway/Gateway.csproj",
        [Component.Auth] = "services/Auth/Auth.csproj",
        [Component.Teams] = "services/Teams/Teams.csproj",
        [Component.Catalog] = "services/Catalog/Catalog.csproj",
        [Component.Admin] = "services/Admin/Admin.csproj",
    };

    private static readonly Lazy<IReadOnlyDictionary<Component, IReadOnlyList<SourceFile>>> Sources = new(() =>
        Projects.ToDictionary(p => p.Key, p => (IReadOnlyList<SourceFile>)ProjectClosure(p.Value).SelectMany(FilesOf).Distinct().ToList()));

    public static IReadOnlyList<SourceFile> Of(Component component) => Sources.Value[component];

    public static IEnumerable<SourceFile> All => Sources.Value.Values.SelectMany(f => f).DistinctBy(f => f.Path);

    /// <summary>Whether any source of <paramref name="component"/> contains any of <paramref name="texts"/>.</summary>
    public static bool Contains(Component component, IEnumerable<string> texts) =>
        texts.Any(text => Of(component).Any(f => f.Text.Contains(text, StringComparison.Ordinal)));

    /// <summary>
    /// Every configuration key the sources name, as an environment variable (`:` as `__`), with a file naming it: any
    /// UPPER_SNAKE string literal (every setting's name has that shape), and any literal key given to
    /// `configuration[...]`, `GetValue(...)` or `GetConnectionString(...)`. Interpolated keys are not seen: the catalog
    /// names those settings with their evidence.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ConfigurationKeys()
    {
        var keys = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in All)
        {
            foreach (var key in UpperSnakeLiteral().Matches(file.Text).Select(m => m.Groups[1].Value)
                .Concat(IndexedKey().Matches(file.Text).Select(m => m.Groups[1].Value))
                .Concat(GetValueKey().Matches(file.Text).Select(m => m.Groups[1].Value))
                .Concat(ConnectionStringKey().Matches(file.Text).Select(m => "ConnectionStrings:" + m.Groups[1].Value)))
            {
                keys.TryAdd(key.Replace(":", "__", StringComparison.Ordinal), file.Path);
            }
        }
        return keys;
    }

    private static IEnumerable<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(Path.Combine(RepositoryPaths.Root, project))]);
        while (pending.TryPop(out var path))
        {
            if (!seen.Add(path))
            {
                continue;
            }
            foreach (var reference in XDocument.Load(path).Descendants("ProjectReference"))
            {
                var include = reference.Attribute("Include")!.Value.Replace('\\', '/');
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, include)));
            }
        }
        return seen;
    }

    /// <summary>The project's own C# files: its folder, less bin/obj and subfolders that are projects of their own.</summary>
    private static IEnumerable<SourceFile> FilesOf(string project)
    {
        var directory = Path.GetDirectoryName(project)!;
        return Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(file => OwningProjectDirectory(file) == directory)
            .Select(file => new SourceFile(Path.GetRelativePath(RepositoryPaths.Root, file), File.ReadAllText(file)));
    }

    private static string? OwningProjectDirectory(string file)
    {
        for (var directory = Path.GetDirectoryName(file); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            var name = Path.GetFileName(directory);
            if (name is "bin" or "obj")
            {
                return null;
            }
            if (Directory.EnumerateFiles(directory, "*.csproj").Any())
            {
                return directory;
            }
        }
        return null;
    }

    [GeneratedRegex(@"(?<![$@\w])""([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)""")]
    private static partial Regex UpperSnakeLiteral();

    [GeneratedRegex(@"[Cc]onfiguration\s*\[\s*""([^""{}]+)""\s*\]")]
    private static partial Regex IndexedKey();

    [GeneratedRegex(@"\bGetValue(?:<[^>]+>)?\(\s*""([^""{}]+)""")]
    private static partial Regex GetValueKey();

    [GeneratedRegex(@"\bGetConnectionString\(\s*""([^""{}]+)""\s*\)")]
    private static partial Regex ConnectionStringKey();
}
