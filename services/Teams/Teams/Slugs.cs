using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace McpGateway.Teams.Teams;

/// <summary>
/// Team slugs as ContextForge makes and checks them (mcpgateway/utils/create_slug.py, TeamCreateRequest): lowercase
/// ASCII letters, digits and single hyphens, 2 to 255 characters, no hyphen at either end; derived from the name when
/// not given (contractions joined, every run of other characters one hyphen, accents dropped).
/// </summary>
public static partial class Slugs
{
    public const int MinLength = 2;
    public const int MaxLength = 255;

    [GeneratedRegex("^[a-z0-9-]+$")]
    private static partial Regex Allowed();

    [GeneratedRegex(@"(\w)['’](\w)")]
    private static partial Regex Contraction();

    [GeneratedRegex(@"[\W_]+")]
    private static partial Regex NonAlphanumeric();

    /// <summary>Null when <paramref name="slug"/> is acceptable, else why not.</summary>
    public static string? Problem(string slug) =>
        slug.Length is < MinLength or > MaxLength ? $"A slug is {MinLength} to {MaxLength} characters long."
        : !Allowed().IsMatch(slug) ? "A slug contains only lowercase letters, digits and hyphens."
        : slug.StartsWith('-') || slug.EndsWith('-') ? "A slug cannot start or end with a hyphen."
        : null;

    /// <summary>ContextForge's slugify: "Engineering Team" → `engineering-team`, "Zürich's Café" → `zurichs-cafe`.</summary>
    public static string Slugify(string text)
    {
        var slug = Contraction().Replace(text.ToLowerInvariant(), "$1$2");
        slug = NonAlphanumeric().Replace(slug, "-").Trim('-');
        slug = slug.Replace("æ", "ae", StringComparison.Ordinal).Replace("ß", "ss", StringComparison.Ordinal).Replace("ø", "o", StringComparison.Ordinal);
        var ascii = new StringBuilder(slug.Length);
        foreach (var c in slug.Normalize(NormalizationForm.FormKD))
        {
            if (c < 128 && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                ascii.Append(c);
            }
        }
        var result = ascii.ToString().Trim('-');
        return result.Length > MaxLength ? result[..MaxLength].TrimEnd('-') : result;
    }
}
