using System.Text;

namespace McpGateway.Auth.OAuth.Pages;

/// <summary>
/// A server-rendered page of the sign-in flow. Never cached, never framed (clickjacking), no scripts at all. No CSP
/// `form-action`: browsers apply it to the redirect that follows a form post, which here goes to the client.
/// </summary>
public sealed record HtmlPageResult(int StatusCode, string Html) : IResult, IStatusCodeHttpResult
{
    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    /// <summary>Seconds after which the user may try again (a busy sign-in).</summary>
    public int? RetryAfterSeconds { get; init; }

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'";
        response.Headers.XFrameOptions = "DENY";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        if (RetryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return response.WriteAsync(Html, Encoding.UTF8, httpContext.RequestAborted);
    }
}
