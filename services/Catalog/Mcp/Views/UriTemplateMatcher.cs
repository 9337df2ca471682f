using System.Text;
using System.Text.RegularExpressions;

namespace McpGateway.Catalog.Mcp.Views;

/// <summary>
/// Whether a concrete URI is an instance of an RFC 6570 template (the forms MCP servers use: `{var}`, `{+var}`,
/// `{/var}`, `{?a,b}`, `{#var}`), so `resources/read` of a templated URI reaches the upstream that offers the template.
/// </summary>
public sealed class UriTemplateMatcher
{
    private readonly Regex _pattern;

    private UriTemplateMatcher(Regex pattern) => _pattern = pattern;

    public bool Matches(string uri) => _pattern.IsMatch(uri);

    public static UriTemplateMatcher Create(string template)
    {
        var pattern = new StringBuilder("^");
        var position = 0;
        foreach (Match expression in Regex.Matches(template, @"\{([+#./;?&]?)([^}]*)\}"))
        {
            pattern.Append(Regex.Escape(template[position..expression.Index]));
            pattern.Append(expression.Groups[1].Value switch
            {
                "+" or "#" => "(.*)",
                "?" or "&" => @"(\?[^#]*)?",
                "/" => "(/[^?#]*)?",
                "." => @"(\.[^/?#]*)?",
                ";" => "(;[^/?#]*)?",
                _ => "([^/?#]*)",
            });
            position = expression.Index + expression.Length;
        }
        pattern.Append(Regex.Escape(template[position..])).Append('$');
        return new UriTemplateMatcher(new Regex(pattern.ToString(), RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50)));
    }
}
