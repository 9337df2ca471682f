using Microsoft.Extensions.Primitives;

namespace McpGateway.Auth.OAuth;

/// <summary>
/// The parameters of an OAuth request (query or form). RFC 6749 §3.1: a parameter sent without a value is treated as
/// omitted, and none may appear more than once (<see cref="Repeated"/>) — except `resource` (RFC 8707 §2).
/// </summary>
public sealed class OAuthParameters
{
    private readonly Dictionary<string, StringValues> _values;

    public OAuthParameters(IEnumerable<KeyValuePair<string, StringValues>> values) =>
        _values = values.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    public static OAuthParameters Empty { get; } = new([]);

    /// <summary>The single value of <paramref name="name"/>, or null when it is absent or empty.</summary>
    public string? this[string name] =>
        _values.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

    public IReadOnlyList<string> All(string name) =>
        _values.TryGetValue(name, out var values) ? values.Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToList() : [];

    /// <summary>The first parameter sent more than once, if any.</summary>
    public string? Repeated(params string[] allowedToRepeat) =>
        _values.FirstOrDefault(p => p.Value.Count > 1 && !allowedToRepeat.Contains(p.Key)).Key;

    public IEnumerable<KeyValuePair<string, StringValues>> Pairs => _values;

    /// <summary>Reads a form body, or reports that the request is not `application/x-www-form-urlencoded`.</summary>
    public static async Task<OAuthParameters?> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!IsUrlEncodedForm(request))
        {
            return null;
        }
        var form = await request.ReadFormAsync(cancellationToken);
        return new OAuthParameters(form);
    }

    public static bool IsUrlEncodedForm(HttpRequest request) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
        && type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
}
