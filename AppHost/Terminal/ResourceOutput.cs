using System.Text.RegularExpressions;

namespace McpGateway.AppHost.Terminal;

/// <summary>
/// The recent console output of one resource, as Aspire's resource logger streams it: what to show when the resource
/// stops unexpectedly, and the framed blocks it prints for the person at the terminal.
/// </summary>
public sealed partial class ResourceOutput
{
    private const int Remembered = 200;
    private const int Shown = 12;
    /// <summary>A rule never closed is no frame: its lines count as ordinary output again.</summary>
    private const int LongestFrame = 40;

    /// <summary>Recent lines outside framed blocks: a framed secret is shown once, never again in a failure report.</summary>
    private readonly Queue<(string Text, bool IsError)> recent = new();
    private List<string>? frame;

    /// <summary>
    /// Records a line; returns a complete framed block (a line of '=' characters, text, another such line) when this
    /// line closes one. A service frames what a person must see once, such as a generated password (never logged).
    /// </summary>
    public IReadOnlyList<string>? Add(LogLine line)
    {
        var text = Clean(line.Content);
        if (!FrameRule().IsMatch(text))
        {
            if (frame is null)
            {
                Remember(text, line.IsErrorMessage);
            }
            else
            {
                frame.Add(text);
                if (frame.Count > LongestFrame)
                {
                    frame.ForEach(l => Remember(l, line.IsErrorMessage));
                    frame = null;
                }
            }
            return null;
        }
        if (frame is null)
        {
            frame = [text];
            return null;
        }
        frame.Add(text);
        var block = frame;
        frame = null;
        return block;
    }

    private void Remember(string text, bool isError)
    {
        lock (recent)
        {
            recent.Enqueue((text, isError));
            if (recent.Count > Remembered)
            {
                recent.Dequeue();
            }
        }
    }

    /// <summary>
    /// Why it stopped, as it said: its last error output (all its output if it wrote none there), without stack
    /// frames, so an exception's message survives however deep its stack. DCP's own `[sys]` lines stay: when a
    /// process could not even start, they are the only reason.
    /// </summary>
    public IReadOnlyList<string> LastWords()
    {
        lock (recent)
        {
            var errors = recent.Where(l => l.IsError).ToList();
            return (errors.Count > 0 ? errors : recent.ToList())
                .Select(l => l.Text)
                .Where(text => text.Trim().Length > 0 && !StackFrame().IsMatch(text) && !text.StartsWith("[sys] Starting process", StringComparison.Ordinal))
                .TakeLast(Shown)
                .ToList();
        }
    }

    /// <summary>Without the timestamp Aspire puts before each line, and without color codes.</summary>
    public static string Clean(string content) => AnsiEscape().Replace(Timestamp().Replace(content, ""), "");

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT[\d:.]+Z ")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex AnsiEscape();

    [GeneratedRegex(@"^={40,}\s*$")]
    private static partial Regex FrameRule();

    [GeneratedRegex(@"^\s+(at |--- End of )")]
    private static partial Regex StackFrame();
}
