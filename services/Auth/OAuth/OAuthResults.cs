using System.Text.Json;

namespace McpGateway.Auth.OAuth;

/// <summary>
/// A JSON answer of an OAuth endpoint: the token response, RFC 6749 §5.2 errors, RFC 7591 registration responses.
/// Never cached (RFC 6749 §5.1): it carries secrets or says something about them.
/// </summary>
public sealed class OAuthJsonResult(int statusCode, IReadOnlyDictionary<string, object?> body) : IResult, IStatusCodeHttpResult
{
    public int StatusCode => statusCode;
    int? IStatusCodeHttpResult.StatusCode => statusCode;
    public IReadOnlyDictionary<string, object?> Body => body;

    /// <summary>Sets `WWW-Authenticate`, e.g. `Basic realm="..."` for a client that failed HTTP Basic.</summary>
    public string? WwwAuthenticate { get; init; }

    /// <summary>Seconds after which a rate-limited client may try again.</summary>
    public int? RetryAfterSeconds { get; init; }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        if (WwwAuthenticate is not null)
        {
            response.Headers.WWWAuthenticate = WwwAuthenticate;
        }
        if (RetryAfterSeconds is { } retryAfter)
        {
            response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(response.Body, body.Where(p => p.Value is not null).ToDictionary(), cancellationToken: httpContext.RequestAborted);
    }

    /// <summary>An RFC 6749 §5.2 error: `{"error": ..., "error_description": ...}`, 400 unless told otherwise.</summary>
    public static OAuthJsonResult Error(string error, string description, int statusCode = StatusCodes.Status400BadRequest) =>
        new(statusCode, new Dictionary<string, object?> { ["error"] = error, ["error_description"] = description });

    /// <summary>A client that failed to authenticate (RFC 6749 §5.2): 401, with a Basic challenge if it tried Basic.</summary>
    public static OAuthJsonResult InvalidClient(string description, bool triedBasic) =>
        new(StatusCodes.Status401Unauthorized, new Dictionary<string, object?> { ["error"] = OAuthErrors.InvalidClient, ["error_description"] = description })
        {
            WwwAuthenticate = triedBasic ? "Basic realm=\"mcpgateway\", charset=\"UTF-8\"" : null,
        };

    public static OAuthJsonResult RateLimited(int retryAfterSeconds) =>
        new(StatusCodes.Status429TooManyRequests, new Dictionary<string, object?>
        {
            ["error"] = OAuthErrors.TemporarilyUnavailable,
            ["error_description"] = $"Too many requests from this address; try again in {retryAfterSeconds} s.",
        })
        { RetryAfterSeconds = retryAfterSeconds };
}
