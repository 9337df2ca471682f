namespace McpGateway.AppHost.Terminal;

/// <summary>
/// Writes each resource's output lines behind its padded name (`auth    | ...`), one whole line at a time so lines
/// from concurrent resources never interleave. Names are colored only on a terminal, and never when NO_COLOR is set.
/// </summary>
public sealed class LogWriter
{
    public const string AppHostName = "apphost";

    private static readonly string[] Palette = ["36", "35", "33", "32", "34", "96", "95"]; // cyan, magenta, yellow, green, blue, ...
    private const string Reset = "\u001b[0m";

    private readonly Lock gate = new();
    private readonly Dictionary<string, string> prefixes = new();
    private readonly bool color = !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
    private readonly int width;

    public LogWriter(IReadOnlyList<string> resourceNames)
    {
        width = resourceNames.Append(AppHostName).Max(n => n.Length);
        for (var i = 0; i < resourceNames.Count; i++)
        {
            prefixes[resourceNames[i]] = Prefix(resourceNames[i], Palette[i % Palette.Length]);
        }
        prefixes[AppHostName] = Prefix(AppHostName, "1"); // bold
    }

    /// <summary>One line of a resource's stdout or stderr (both go to stdout, keeping their order).</summary>
    public void Line(string resource, string text) => Write(Console.Out, prefixes[resource] + text);

    public void Info(string text) => Write(Console.Out, prefixes[AppHostName] + text);

    public void Warn(string text) => Write(Console.Error, prefixes[AppHostName] + Colored("warning: " + text, "33"));

    public void Error(string text) => Write(Console.Error, prefixes[AppHostName] + Colored(text, "31"));

    /// <summary>A block written as is (the summary), without prefixes.</summary>
    public void Block(string text) => Write(Console.Out, text);

    private string Prefix(string name, string colorCode) => Colored(name.PadRight(width) + " |", colorCode) + " ";

    private string Colored(string text, string code) => color ? $"\u001b[{code}m{text}{Reset}" : text;

    private void Write(TextWriter writer, string text)
    {
        lock (gate)
        {
            writer.WriteLine(text);
        }
    }
}
