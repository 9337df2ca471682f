namespace McpGateway.Admin.Infrastructure;

/// <summary>An API answer: the value, or the problem the API described.</summary>
public sealed record ApiResult<T>(T? Value, ApiProblem? Problem)
{
    public bool Succeeded => Problem is null;

    public static ApiResult<T> Success(T? value) => new(value, null);
    public static ApiResult<T> Failure(ApiProblem problem) => new(default, problem);
}
