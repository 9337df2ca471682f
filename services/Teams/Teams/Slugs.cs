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

    // Python's NFKD-then-ASCII, by table: the services run with invariant globalization, where .NET cannot decompose.
    private static readonly Dictionary<char, string> Latin = BuildLatin();

    private static Dictionary<char, string> BuildLatin()
    {
        var map = new Dictionary<char, string> { ['æ'] = "ae", ['ß'] = "ss", ['ø'] = "o", ['œ'] = "oe", ['ð'] = "d", ['þ'] = "th", ['ł'] = "l", ['ı'] = "i", ['đ'] = "d" };
        foreach (var (plain, accented) in new[]
        {
            ("a", "àáâãäåāăą"), ("c", "çćĉċč"), ("d", "ď"), ("e", "èéêëēĕėęě"), ("g", "ĝğġģ"), ("h", "ĥ"), ("i", "ìíîïĩīĭįİ"),
            ("j", "ĵ"), ("k", "ķ"), ("l", "ĺļľ"), ("n", "ñńņňŉ"), ("o", "òóôõöōŏő"), ("r", "ŕŗř"), ("s", "śŝşš"), ("t", "ţťŧ"),
            ("u", "ùúûüũūŭůűų"), ("w", "ŵ"), ("y", "ýÿŷ"), ("z", "źżž"),
        })
        {
            foreach (var c in accented)
            {
                map[c] = plain;
            }
        }
        return map;
    }

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
        var ascii = new StringBuilder(slug.Length);
        foreach (var c in slug)
        {
            if (c < 128)
            {
                ascii.Append(c);
            }
            else if (Latin.TryGetValue(c, out var plain))
            {
                ascii.Append(plain);
            }
        }
        var result = ascii.ToString().Trim('-');
        return result.Length > MaxLength ? result[..MaxLength].TrimEnd('-') : result;
    }
}
