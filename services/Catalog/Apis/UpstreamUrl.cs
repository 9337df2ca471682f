using McpGateway.ServiceDefaults.Http;

namespace McpGateway.Catalog.Apis;

/// <summary>An address the catalog will call: absolute http or https, no credentials in it (they would be shown back).</summary>
public static class UpstreamUrl
{
    public const int MaxLength = 2048;

    public static string Parse(string field, string? value)
    {
        var text = Input.Text(field, value, MaxLength, required: true)!;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.Host) || text.Any(char.IsWhiteSpace))
        {
            throw ProblemException.BadRequest(field, $"'{field}' must be an absolute http or https URL.");
        }
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            throw ProblemException.BadRequest(field, $"'{field}' cannot carry credentials; give them as auth fields, which are stored encrypted.");
        }
        return text;
    }
}
