using Microsoft.AspNetCore.Http;

namespace McpGateway.ServiceDefaults.Http;

/// <summary>
/// A request that cannot be served, with the RFC 9457 status and a sentence the caller can act on. Thrown by the
/// service's operations and turned into a problem response by <see cref="ProblemExceptionHandler"/>.
/// </summary>
public sealed class ProblemException(int status, string detail, IDictionary<string, string[]>? errors = null) : Exception(detail)
{
    public int Status { get; } = status;
    public IDictionary<string, string[]>? Errors { get; } = errors;

    public static ProblemException BadRequest(string field, string message) =>
        new(StatusCodes.Status400BadRequest, message, new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemException NotFound(string detail) => new(StatusCodes.Status404NotFound, detail);

    public static ProblemException Forbidden(string detail) => new(StatusCodes.Status403Forbidden, detail);

    public static ProblemException Conflict(string detail) => new(StatusCodes.Status409Conflict, detail);
}
