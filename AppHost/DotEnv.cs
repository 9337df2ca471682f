namespace McpGateway.AppHost;

/// <summary>
/// Reads a `.env` file into this process's environment before anything starts: DCP inherits it from AppHost and every
/// resource from DCP. A variable already set in the real environment wins, so `PORT=5000 dotnet run --project AppHost`
/// overrides the file.
/// Format: `KEY=VALUE` lines, `#` comments (also after an unquoted value), optional single or double quotes
/// (double quotes understand \n, \" and \\), an `export ` prefix tolerated.
/// </summary>
public static class DotEnv
{
    public static void Load(string path)
    {
        if (!File.Exists(path))
        {
            return;
        }
        var entries = new Dictionary<string, string>(); // a key repeated in the file: its last value counts
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            switch (ParseLine(line))
            {
                case { Key: "" }:
                    Console.Error.WriteLine($"apphost: warning: {path}:{lineNumber}: ignored, not KEY=VALUE");
                    break;
                case var (key, value):
                    entries[key] = value;
                    break;
            }
        }
        foreach (var (key, value) in entries.Where(e => Environment.GetEnvironmentVariable(e.Key) is null))
        {
            Environment.SetEnvironmentVariable(key, value);
        }
    }

    /// <summary>The entry on one line; null for a blank or comment line; an empty key when the line is malformed.</summary>
    public static KeyValuePair<string, string>? ParseLine(string line)
    {
        line = line.Trim();
        if (line.Length == 0 || line[0] == '#')
        {
            return null;
        }
        if (line.StartsWith("export ", StringComparison.Ordinal))
        {
            line = line["export ".Length..].TrimStart();
        }
        var equals = line.IndexOf('=');
        var key = equals > 0 ? line[..equals].Trim() : "";
        if (key.Length == 0 || key.Any(char.IsWhiteSpace))
        {
            return new("", "");
        }
        return new(key, ParseValue(line[(equals + 1)..].Trim()));
    }

    private static string ParseValue(string value)
    {
        if (value.Length >= 2 && value[0] == '\'' && value.IndexOf('\'', 1) is var endSingle and > 0)
        {
            return value[1..endSingle];
        }
        if (value.Length >= 2 && value[0] == '"')
        {
            var text = new System.Text.StringBuilder();
            for (var i = 1; i < value.Length; i++)
            {
                if (value[i] == '"')
                {
                    return text.ToString();
                }
                if (value[i] == '\\' && i + 1 < value.Length)
                {
                    i++;
                    text.Append(value[i] switch { 'n' => '\n', 't' => '\t', var c => c });
                    continue;
                }
                text.Append(value[i]);
            }
            return value; // no closing quote: take the value as written
        }
        // An unquoted value ends at a comment, which starts with whitespace then '#' (a '#' inside a value is kept).
        var comment = value.IndexOf(" #", StringComparison.Ordinal) is var space and >= 0 ? space : value.IndexOf("\t#", StringComparison.Ordinal);
        return comment >= 0 ? value[..comment].TrimEnd() : value;
    }
}
