namespace McpGateway.Teams.Model;

/// <summary>The lowercase wire and storage names of the model's enums (`Private` → `private`), and their parsing.</summary>
public static class Names
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => value.ToString().ToLowerInvariant();

    /// <summary>The enum named by <paramref name="text"/> (case-insensitive, names only, never numbers), else null.</summary>
    public static TEnum? Parse<TEnum>(string? text) where TEnum : struct, Enum =>
        text is { Length: > 0 } && !char.IsAsciiDigit(text[0]) && !text.Contains(',') && Enum.TryParse<TEnum>(text.Trim(), ignoreCase: true, out var value)
            && Enum.IsDefined(value)
            ? value
            : null;
}
