using System.Net;
using System.Text.RegularExpressions;

namespace McpGateway.EndToEnd.Tests.Sso;

/// <summary>A page the browser ended on: where, its status and its HTML.</summary>
public sealed record Page(Uri Address, HttpStatusCode Status, string Html);

/// <summary>
/// A person's browser, reduced to HTTP: keeps cookies per host, follows redirects itself (so it can stop at a relying
/// party's redirect_uri, where nobody listens), reads links and submits forms the way a browser would.
/// </summary>
public sealed partial class HeadlessBrowser : IDisposable
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() });

    /// <summary>Redirects to an address starting with this are not followed: <see cref="StoppedAt"/> is set instead.</summary>
    public string? StopAt { get; init; }

    /// <summary>The redirect the browser did not follow (see <see cref="StopAt"/>).</summary>
    public Uri? StoppedAt { get; private set; }

    public Task<Page> GetAsync(Uri address) => SendAsync(new HttpRequestMessage(HttpMethod.Get, address));

    /// <summary>Submits the page's only form (or the one whose action contains <paramref name="actionContains"/>) with its hidden fields and <paramref name="fields"/>.</summary>
    public Task<Page> SubmitAsync(Page page, IReadOnlyDictionary<string, string> fields, string? actionContains = null)
    {
        var form = FormTag().Matches(page.Html).Select(m => m.Groups[1].Value).SingleOrDefault(a => actionContains is null || a.Contains(actionContains, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"no form{(actionContains is null ? "" : $" posting to {actionContains}")} on {page.Address}:\n{page.Html}");
        var values = HiddenInput().Matches(page.Html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
        foreach (var (name, value) in fields)
        {
            values[name] = value;
        }
        return SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(page.Address, WebUtility.HtmlDecode(form))) { Content = new FormUrlEncodedContent(values) });
    }

    /// <summary>Follows the link whose text is <paramref name="text"/>.</summary>
    public Task<Page> FollowLinkAsync(Page page, string text) =>
        GetAsync(new Uri(page.Address, WebUtility.HtmlDecode(Link(page, text) ?? throw new InvalidOperationException($"no link '{text}' on {page.Address}:\n{page.Html}"))));

    public static string? Link(Page page, string text) =>
        Anchor().Matches(page.Html).FirstOrDefault(m => WebUtility.HtmlDecode(m.Groups[2].Value).Trim() == text)?.Groups[1].Value;

    private async Task<Page> SendAsync(HttpRequestMessage first)
    {
        StoppedAt = null;
        var request = first;
        for (var hops = 0; hops < 20; hops++)
        {
            var address = request.RequestUri!;
            using var response = await _http.SendAsync(request, Cancel);
            request.Dispose();
            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                var next = new Uri(address, location);
                if (StopAt is not null && next.ToString().StartsWith(StopAt, StringComparison.Ordinal))
                {
                    StoppedAt = next;
                    return new Page(address, response.StatusCode, "");
                }
                request = new HttpRequestMessage(HttpMethod.Get, next);
                continue;
            }
            return new Page(address, response.StatusCode, await response.Content.ReadAsStringAsync(Cancel));
        }
        throw new InvalidOperationException("more than 20 redirects");
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("""<form[^>]*\baction="([^"]*)"[^>]*>""")]
    private static partial Regex FormTag();

    [GeneratedRegex("""<input type="hidden" name="([^"]+)" value="([^"]*)"\s*/?>""")]
    private static partial Regex HiddenInput();

    [GeneratedRegex("""<a[^>]*\bhref="([^"]*)"[^>]*>([^<]*)</a>""")]
    private static partial Regex Anchor();
}
