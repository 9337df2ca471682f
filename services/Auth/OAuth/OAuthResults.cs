using System.Text.Json;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace McpGateway.Auth.OAuth;

/// <summary>
/// A JSON answer of ours at an OAuth endpoint OpenIddict does not own (registration, RFC 7591) or before it sees the
/// request (rate limits, unreadable forms): `{"error": ..., "error_description": ...}` or a registration response.
/// Never cached (RFC 6749 §5.1): it carries secrets or says something about them.
/// </summary>
public sealed record OAuthJsonResult(int StatusCode, IReadOnlyDictionary<string, object?> Body) : IResult, IStatusCodeHttpResult
{
    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    /// <summary>Sets `WWW-Authenticate`, e.g. a Bearer challenge for a missing registration token.</summary>
    public string? WwwAuthenticate { get; init; }

    /// <summary>Seconds after which a rate-limited client may try again.</summary>
    public int? RetryAfterSeconds { get; init; }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
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
        await JsonSerializer.SerializeAsync(response.Body, Body.Where(p => p.Value is not null).ToDictionary(), cancellationToken: httpContext.RequestAborted);
    }

    /// <summary>An RFC 6749 §5.2 error: `{"error": ..., "error_description": ...}`, 400 unless told otherwise.</summary>
    public static OAuthJsonResult Error(string error, string description, int statusCode = StatusCodes.Status400BadRequest) =>
        new(statusCode, new Dictionary<string, object?> { ["error"] = error, ["error_description"] = description });

    public static OAuthJsonResult RateLimited(int retryAfterSeconds) =>
        Error(Errors.TemporarilyUnavailable, $"Too many requests from this address; try again in {retryAfterSeconds} s.", StatusCodes.Status429TooManyRequests)
            with { RetryAfterSeconds = retryAfterSeconds };
}
