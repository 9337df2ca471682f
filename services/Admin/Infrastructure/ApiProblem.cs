using System.Net;
using System.Text.Json;

namespace McpGateway.Admin.Infrastructure;

/// <summary>
/// What an API said went wrong (RFC 9457 problem details), as the pages show it: title, detail and the errors per field.
/// Only these fields are read; whatever else a problem carries is never rendered.
/// </summary>
public sealed record ApiProblem(int Status, string Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors)
{
    public static ApiProblem Unreachable(string what) =>
        new(StatusCodes.Status502BadGateway, "The gateway could not be reached", what, new Dictionary<string, string[]>());

    /// <summary>Reads a problem body; anything else (an HTML error page, nothing) becomes a plain line for its status.</summary>
    public static ApiProblem Parse(HttpStatusCode status, string? body)
    {
        var code = (int)status;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        string? title = null, detail = null;
        if (!string.IsNullOrWhiteSpace(body))
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object)
                {
                    title = Text(root, "title");
                    detail = Text(root, "detail") ?? Text(root, "error_description") ?? Text(root, "message");
                    if (root.TryGetProperty("errors", out var fields) && fields.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var field in fields.EnumerateObject())
                        {
                            errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                                ? field.Value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.ToString()).ToArray()
                                : [field.Value.ToString()];
                        }
                    }
                }
            }
            catch (JsonException)
            {
                // Not JSON: the status line below says enough.
            }
        }
        return new ApiProblem(code, title ?? DefaultTitle(code), detail, errors);
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    private static string DefaultTitle(int status) => status switch
    {
        400 => "The request was not accepted",
        401 => "Your session has ended",
        403 => "You are not allowed to do this",
        404 => "Not found",
        409 => "This conflicts with what exists",
        429 => "Too many requests; wait a moment and try again",
        >= 500 => "The service failed to answer",
        _ => $"The API answered {status}",
    };
}
