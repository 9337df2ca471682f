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
