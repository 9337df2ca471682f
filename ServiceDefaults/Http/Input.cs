using System.Net.Mail;

namespace McpGateway.ServiceDefaults.Http;

/// <summary>
/// Checks on what callers send, each failing with a 400 that names the field. Control characters are refused
/// everywhere (PostgreSQL rejects `\u0000` in text, so letting one through would be a 500 on one provider only).
/// </summary>
public static class Input
{
    public const int MaxEmailLength = 254;

    /// <summary>The trimmed text, or null when absent and optional. Line breaks and tabs only where <paramref name="multiline"/>.</summary>
    public static string? Text(string field, string? value, int maxLength, bool required = false, bool multiline = false)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return required ? throw ProblemException.BadRequest(field, $"'{field}' is required and cannot be blank.") : null;
        }
        if (trimmed.Length > maxLength)
        {
            throw ProblemException.BadRequest(field, $"'{field}' is longer than {maxLength} characters.");
        }
        if (trimmed.Any(c => char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t')) || HasLoneSurrogate(trimmed))
        {
            throw ProblemException.BadRequest(field, $"'{field}' contains control characters.");
        }
        return trimmed;
    }

    /// <summary>A normalized (trimmed, lowercase) email address.</summary>
    public static string Email(string field, string? value)
    {
        var text = Text(field, value, MaxEmailLength, required: true)!;
        if (text.Any(char.IsWhiteSpace) || !MailAddress.TryCreate(text, out var address) || address.Address != text || !text.Contains('@'))
        {
            throw ProblemException.BadRequest(field, $"'{field}' is not an email address.");
        }
        return text.ToLowerInvariant();
    }

    /// <summary>Whom a role is granted to: a user's email, or the id of an OAuth client acting for itself.</summary>
    public static string Principal(string field, string? value)
    {
        var text = Text(field, value, MaxEmailLength, required: true)!;
        if (text.Contains('@'))
        {
            return Email(field, text);
        }
        return text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':')
            ? text
            : throw ProblemException.BadRequest(field, $"'{field}' is neither an email address nor a client id.");
    }

    /// <summary>An id from a path or body: the ids this service issues are short and plain.</summary>
    public static string Id(string field, string? value)
    {
        var text = Text(field, value, 100, required: true)!;
        return text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? text
            : throw ProblemException.BadRequest(field, $"'{field}' is not a valid id.");
    }

    /// <summary>`skip` (default 0) and `limit` (default 50, at most 100), as ContextForge pages its lists.</summary>
    public static (int Skip, int Limit) Page(int? skip, int? limit)
    {
        var s = skip ?? 0;
        var l = limit ?? 50;
        if (s < 0)
        {
            throw ProblemException.BadRequest("skip", "'skip' cannot be negative.");
        }
        if (l is < 1 or > 100)
        {
            throw ProblemException.BadRequest("limit", "'limit' must be between 1 and 100.");
        }
        return (s, l);
    }

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }
        return false;
    }
}
