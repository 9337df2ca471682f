using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace McpGateway.Auth.Apis;

/// <summary>RFC 9457 problem responses with a sentence a caller can act on.</summary>
internal static class ApiProblems
{
    public static ProblemHttpResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, detail);

    public static ProblemHttpResult Conflict(string detail) => Problem(StatusCodes.Status409Conflict, detail);

    public static ProblemHttpResult Forbidden(string detail) => Problem(StatusCodes.Status403Forbidden, detail);

    public static ProblemHttpResult Problem(int status, string detail) => TypedResults.Problem(detail, statusCode: status);

    /// <summary>A 400 naming one field.</summary>
    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: message);
}

/// <summary>Collects what is wrong with a request, so one 400 names every problem at once.</summary>
internal sealed class Validation
{
    private readonly Dictionary<string, string[]> _errors = [];

    public Validation Required(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            _errors[field] = [$"'{field}' is required."];
        }
        return this;
    }

    public Validation Check(bool valid, string field, string message)
    {
        if (!valid && !_errors.ContainsKey(field))
        {
            _errors[field] = [message];
        }
        return this;
    }

    /// <summary>The 400 to answer, or null when the request is valid.</summary>
    public ValidationProblem? Problem => _errors.Count == 0
        ? null
        : TypedResults.ValidationProblem(_errors, detail: string.Join(" ", _errors.Values.SelectMany(m => m)));

    /// <summary>The 400 for a request with no JSON body at all.</summary>
    public static ValidationProblem MissingBody(params string[] fields) =>
        TypedResults.ValidationProblem(
            fields.ToDictionary(f => f, f => new[] { $"'{f}' is required." }),
            detail: $"A JSON body with {string.Join(", ", fields)} is required.");
}

/// <summary>`skip`/`limit` of a list request, checked.</summary>
internal readonly record struct Page(int Skip, int Limit)
{
    public const int MaxLimit = 1000;

    public static ValidationProblem? TryCreate(int? skip, int? limit, int defaultLimit, out Page page)
    {
        page = new Page(skip ?? 0, limit ?? defaultLimit);
        return new Validation()
            .Check(page.Skip >= 0, "skip", "'skip' must be 0 or more.")
            .Check(page.Limit is >= 1 and <= MaxLimit, "limit", $"'limit' must be between 1 and {MaxLimit}.")
            .Problem;
    }
}

public static class RequestProblemDetails
{
    /// <summary>
    /// Malformed input (bad JSON, a wrong type, a missing or unreadable body, a bad query value) is answered with a
    /// problem whose detail says what could not be read, instead of a bare 400: minimal APIs throw it
    /// (<see cref="RouteHandlerOptions.ThrowOnBadRequest"/>) and <see cref="BadRequestExceptionHandler"/> answers it,
    /// which also keeps a client's mistake out of the error log.
    /// </summary>
    public static IServiceCollection AddRequestProblemDetails(this IServiceCollection services)
    {
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        return services;
    }
}

/// <summary>
/// Answers a <see cref="BadHttpRequestException"/> (the request, never the server, is at fault) with its status and a
/// problem naming what could not be read. Handled here, it is logged at Debug rather than as an unhandled error.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems, ILogger<BadRequestExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }
        var detail = bad.InnerException is System.Text.Json.JsonException json ? $"{bad.Message} {json.Message}" : bad.Message;
        logger.LogDebug("Bad request to {Path}: {Detail}", context.Request.Path, detail);
        context.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = bad.StatusCode, Detail = detail },
            Exception = exception,
        });
    }
}
