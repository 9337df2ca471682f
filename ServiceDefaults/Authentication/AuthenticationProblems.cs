using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace McpGateway.ServiceDefaults.Authentication;

/// <summary>
/// 401 and 403 responses: RFC 9457 problem details, and for 401 the challenges of RFC 6750 (Bearer) and RFC 7617
/// (Basic, when enabled). Details are fixed sentences: never the token, never a library's exception text.
/// </summary>
internal static class AuthenticationProblems
{
    public const string NoCredentials = "This endpoint needs credentials: a bearer token (Authorization: Bearer <token>) or HTTP Basic.";

    /// <param name="bearerError">Why a bearer token was refused, or null when none was sent (plain `Bearer` challenge).</param>
    public static Task WriteUnauthorizedAsync(HttpContext context, TokenAuthenticationOptions options, string? bearerError, string detail)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status401Unauthorized;

        var bearer = bearerError is null ? "Bearer" : $"Bearer error=\"invalid_token\", error_description=\"{Quoted(bearerError)}\"";
        if (options.ResourceMetadataAddress?.Invoke(context) is { Length: > 0 } metadata)
        {
            bearer += bearerError is null ? $" resource_metadata=\"{Quoted(metadata)}\"" : $", resource_metadata=\"{Quoted(metadata)}\"";
        }
        response.Headers.Append(HeaderNames.WWWAuthenticate, bearer);
        if (options.AllowBasicAuth)
        {
            response.Headers.Append(HeaderNames.WWWAuthenticate, $"Basic realm=\"{TokenAuthenticationDefaults.Realm}\", charset=\"UTF-8\"");
        }
        return WriteProblemAsync(context, "Unauthorized", detail);
    }

    /// <summary>429 with Retry-After: too many failed sign-ins from this address (or from everyone).</summary>
    public static Task WriteTooManyRequestsAsync(HttpContext context, int retryAfterSeconds, string detail)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return WriteProblemAsync(context, "Too Many Requests", detail);
    }

    public static Task WriteForbiddenAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return WriteProblemAsync(context, "Forbidden", "You are signed in, but not allowed to do this.");
    }

    private static async Task WriteProblemAsync(HttpContext context, string title, string detail)
    {
        var problem = new ProblemDetails { Status = context.Response.StatusCode, Title = title, Detail = detail };
        if (context.RequestServices.GetService<IProblemDetailsService>() is { } problems
            && await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }))
        {
            return;
        }
        await context.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json", context.RequestAborted);
    }

    // An RFC 9110 quoted-string: our sentences hold no quote or backslash, but a URL from a delegate might.
    private static string Quoted(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
