using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using McpGateway.Auth.Security;
using Microsoft.AspNetCore.Diagnostics;

namespace McpGateway.Auth.Apis;

public static class RequestProblemDetails
{
    /// <summary>
    /// Malformed input (bad JSON, a wrong type, a missing or unreadable body, a bad query value, a control character in a
    /// JSON string) is answered with a 400 problem saying which field could not be read, instead of a bare 400 or a 500:
    /// minimal APIs throw it (<see cref="RouteHandlerOptions.ThrowOnBadRequest"/>) and
    /// <see cref="BadRequestExceptionHandler"/> answers it, which also keeps a client's mistake out of the error log.
    /// </summary>
    public static IServiceCollection AddRequestProblemDetails(this IServiceCollection services)
    {
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new TextWithoutControlCharacters()));
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        return services;
    }
}

/// <summary>
/// Every string read from a JSON body is refused when it holds a control character (<see cref="InputText"/>): a NUL would
/// otherwise reach PostgreSQL as error 22021, a 500 on one provider only.
/// </summary>
internal sealed class TextWithoutControlCharacters : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.GetString();
        return value is not null && InputText.HasControlCharacters(value) ? throw new ControlCharacterException() : value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

internal sealed class ControlCharacterException() : JsonException("The value contains a control character, which no field accepts.");

/// <summary>
/// Answers a <see cref="BadHttpRequestException"/> (the request, never the server, is at fault) with its status and a
/// problem naming the field that could not be read, in fixed sentences: never the framework's message, which names .NET
/// types and repeats the caller's input. Handled here, it is logged at Debug rather than as an unhandled error.
/// </summary>
internal sealed partial class BadRequestExceptionHandler(IProblemDetailsService problems, ILogger<BadRequestExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }
        var detail = Describe(bad);
        logger.LogDebug("Bad request to {Path}: {Detail}", context.Request.Path, detail);
        context.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = bad.StatusCode, Detail = detail },
            Exception = exception,
        });
    }

    private static string Describe(BadHttpRequestException bad) => bad.InnerException switch
    {
        ControlCharacterException json => $"The JSON body could not be read at {Path(json)}: the value contains a control character, which no field accepts.",
        JsonException json => $"The JSON body could not be read at {Path(json)}: the value is missing, malformed or of the wrong type.",
        _ when bad.StatusCode == StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
        _ when Parameter().Match(bad.Message) is { Success: true } match =>
            $"The value of '{InputText.Echo(match.Groups["name"].Value)}' could not be read: it is missing or of the wrong form.",
        _ => "The request could not be read: its body or one of its values is missing or malformed.",
    };

    private static string Path(JsonException json) => InputText.Echo(json.Path ?? "$");

    // "Failed to bind parameter \"int? skip\" from \"abc\"." and the like: only the parameter's name is worth repeating.
    [GeneratedRegex("parameter \"(?:[^\"]* )?(?<name>[A-Za-z_][A-Za-z0-9_]*)\"")]
    private static partial Regex Parameter();
}
