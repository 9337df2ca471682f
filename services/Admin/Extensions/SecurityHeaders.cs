namespace McpGateway.Admin.Extensions;

/// <summary>
/// Headers every admin response carries: a strict CSP (scripts and styles only from files of this origin: no inline code
/// at all, so no nonce is needed), no framing, no referrer leaving the origin, no MIME sniffing; and no caching of pages
/// (they show one user's data, some of it secrets shown once). Static files set their own caching.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            if (!headers.ContainsKey(Microsoft.Net.Http.Headers.HeaderNames.CacheControl))
            {
                headers.CacheControl = "no-store";
            }
            return Task.CompletedTask;
        });
        return next(context);
    });
}
