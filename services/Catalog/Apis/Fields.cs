using System.Text.Json;
using McpGateway.Catalog.Model;
using McpGateway.ServiceDefaults.Http;

namespace McpGateway.Catalog.Apis;

/// <summary>The checks every catalog entity's fields share; each failure is a 400 naming the field.</summary>
public static class Fields
{
    public const int MaxNameLength = 255;
    public const int MaxDescriptionLength = 8192;
    public const int MaxTags = 50;
    public const int MaxTagLength = 64;
    public const int MaxJsonLength = 256 * 1024;

    public static string Name(string? value, int maxLength = MaxNameLength) => Input.Text("name", value, maxLength, required: true)!;

    public static string? Description(string? value) => Input.Text("description", value, MaxDescriptionLength, multiline: true);

    /// <summary>Tags trimmed, lowercased and without repeats, as ContextForge keeps them.</summary>
    public static List<string> Tags(IEnumerable<string?>? values)
    {
        var tags = new List<string>();
        foreach (var value in values ?? [])
        {
            var tag = Input.Text("tags", value, MaxTagLength, required: true)!.ToLowerInvariant();
            if (!tags.Contains(tag))
            {
                tags.Add(tag);
            }
        }
        return tags.Count <= MaxTags ? tags : throw ProblemException.BadRequest("tags", $"At most {MaxTags} tags.");
    }

    public static Visibility Visibility(string? value) =>
        Names.ParseVisibility(value) ?? throw ProblemException.BadRequest("visibility", "'visibility' must be private, team or public.");

    /// <summary>A JSON object given in a request, as the text to store; null when absent.</summary>
    public static string? JsonObject(string field, JsonElement? value)
    {
        if (value is not { } element || element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw ProblemException.BadRequest(field, $"'{field}' must be a JSON object.");
        }
        var text = element.GetRawText();
        if (text.Length > MaxJsonLength)
        {
            throw ProblemException.BadRequest(field, $"'{field}' is larger than {MaxJsonLength / 1024} KiB.");
        }
        // PostgreSQL refuses \u0000 in text: a NUL anywhere in the document (escaped or not) is refused here.
        if (text.Contains("\\u0000", StringComparison.OrdinalIgnoreCase) || text.Contains('\0'))
        {
            throw ProblemException.BadRequest(field, $"'{field}' contains a NUL character.");
        }
        return text;
    }

    /// <summary>A plain id from a path, query or body (the catalog's ids are hex; teams' are similar).</summary>
    public static string Id(string field, string? value) => Input.Id(field, value);
}
