namespace McpGateway.Auth.OAuth.Clients;

/// <summary>
/// Which redirect URIs a client may register, and how a loopback one is compared. Registered URIs must be https, or http
/// on a loopback host (RFC 8252 §7.3, what local MCP clients use), absolute, without a fragment or user info.
/// </summary>
public static class RedirectUris
{
    public const int MaxLength = 2000;
    private const string LoopbackScheme = "http://";

    public static bool IsAllowed(string text) =>
        text.Length <= MaxLength && !text.Contains('#', StringComparison.Ordinal) && IsAbsolute(text, out var uri)
        && string.IsNullOrEmpty(uri.UserInfo)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp && uri.Host is "localhost" or "127.0.0.1" or "[::1]");

    /// <summary>
    /// Whether two loopback redirect URIs are the same but for the port (RFC 8252 §7.3), compared as written: the scheme,
    /// host, path and query must be the same strings, so no parser's leniency (case, escaping) lets another URI through.
    /// </summary>
    public static bool SameLoopbackExceptPort(string requested, string registered) =>
        WithoutPort(requested) is { } left && left == WithoutPort(registered);

    /// <summary>An absolute URI as written: on Unix, .NET would also take `/path` for a file URI.</summary>
    public static bool IsAbsolute(string text, out Uri uri) =>
        Uri.TryCreate(text, UriKind.Absolute, out uri!) && text.StartsWith(uri.Scheme + ":", StringComparison.OrdinalIgnoreCase);

    /// <summary>`http://127.0.0.1:33418/cb` → `http://127.0.0.1/cb`; null for anything but http on a loopback host.</summary>
    private static string? WithoutPort(string text)
    {
        if (!text.StartsWith(LoopbackScheme, StringComparison.Ordinal) || text.Contains('#', StringComparison.Ordinal))
        {
            return null;
        }
        var rest = text[LoopbackScheme.Length..];
        var end = rest.IndexOfAny(['/', '?']);
        var authority = end < 0 ? rest : rest[..end];
        var host = authority.StartsWith('[') ? authority[..(authority.IndexOf(']') + 1)] : authority.Split(':')[0];
        var port = authority[host.Length..];
        if (host is not ("localhost" or "127.0.0.1" or "[::1]") || port.Length > 0 && (port.Length < 2 || port[0] != ':' || !port[1..].All(char.IsAsciiDigit)))
        {
            return null;
        }
        return LoopbackScheme + host + (end < 0 ? "" : rest[end..]);
    }
}
