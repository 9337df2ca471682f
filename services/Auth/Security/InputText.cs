namespace McpGateway.Auth.Security;

/// <summary>
/// Rules for text that arrives from outside. Control characters are refused at the boundary: PostgreSQL rejects a NUL in
/// text (error 22021, which would be a 500 on one provider only), and none of our fields needs any other. Tab, line feed
/// and carriage return stay allowed in free text (descriptions). Echoes of input in error messages are bounded.
/// </summary>
public static class InputText
{
    /// <summary>How much of a caller's input an error message repeats.</summary>
    public const int MaxEcho = 64;

    /// <summary>True for C0 controls other than tab, line feed and carriage return, and for DEL.</summary>
    public static bool IsForbiddenControl(char c) => c is < ' ' and not ('\t' or '\n' or '\r') or '\u007f';

    public static bool HasControlCharacters(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (IsForbiddenControl(c))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>At most <see cref="MaxEcho"/> characters of <paramref name="text"/>, control characters replaced, marked when cut.</summary>
    public static string Echo(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var cut = text.Length > MaxEcho ? text[..MaxEcho] : text;
        var clean = string.Create(cut.Length, cut, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
        return text.Length > MaxEcho ? clean + "…" : clean;
    }
}
