using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace McpGateway.ServiceDefaults.Http;

/// <summary>Answers a <see cref="ProblemException"/> with its problem details (400 ones name the fields at fault).</summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not ProblemException problem)
        {
            return false;
        }
        context.Response.StatusCode = problem.Status;
        ProblemDetails details = problem.Errors is { } errors
            ? new HttpValidationProblemDetails(errors) { Status = problem.Status, Detail = problem.Message }
            : new ProblemDetails { Status = problem.Status, Detail = problem.Message };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details, Exception = exception });
    }
}
