using System.Globalization;
using System.Net.Mail;
using McpGateway.Auth.Security;

namespace McpGateway.Auth.Accounts;

/// <summary>
/// One address, one account: how emails are compared and which are accepted. The service runs with invariant
/// globalization, where <see cref="string.Normalize()"/> does no compatibility mapping (NFKC leaves `ａdmin` as it is) and
/// there is no Unicode confusable data, so the rule is ASCII addresses:
/// <list type="bullet">
/// <item>compared after trimming, folding fullwidth forms to ASCII (`ａdmin` is `admin`: the NFKC mapping look-alikes use),
/// lower-casing, and dropping a trailing dot on the domain (`example.com.` is `example.com`);</item>
/// <item>refused for a new account when anything else that is not ASCII remains: invisible and direction characters
/// (zero-width space, bidi overrides), dotless ı, Cyrillic а, combining accents, any other script. An internationalized
/// domain is accepted in its ASCII (punycode, `xn--`) form, which shows plainly that it is not the look-alike.</item>
/// </list>
/// </summary>
public static class EmailAddresses
{
    public const int MaxLength = 254;

    /// <summary>The account key an address refers to. Never throws: a refused address simply matches no account.</summary>
    public static string Normalize(string email)
    {
        var folded = string.Create(email.Length, email, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                // U+FF01-U+FF5E are the fullwidth forms of ASCII ! to ~, in the same order.
                span[i] = c is >= '\uFF01' and <= '\uFF5E' ? (char)(c - 0xFEE0) : c;
            }
        });
        var normalized = folded.Trim().ToLowerInvariant();
        return normalized.EndsWith('.') && normalized.Contains('@') ? normalized.TrimEnd('.') : normalized;
    }

    /// <summary>Why <paramref name="email"/> cannot name a new account, or null when it can; the sentence never repeats it.</summary>
    public static string? Problem(string email)
    {
        var normalized = Normalize(email);
        if (normalized.Length is 0 or > MaxLength)
        {
            return $"An email address has 1 to {MaxLength} characters.";
        }
        if (normalized.Any(c => char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.Control))
        {
            return "The email address contains invisible or control characters.";
        }
        if (!normalized.All(char.IsAscii))
        {
            return "The email address must be ASCII (an internationalized domain in its xn-- form): other characters are how look-alike addresses are made.";
        }
        return MailAddress.TryCreate(normalized, out var parsed) && parsed.Address == normalized
            ? null
            : $"'{InputText.Echo(email)}' is not a valid email address.";
    }
}
