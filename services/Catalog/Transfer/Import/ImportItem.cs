using System.Text.Json;
using McpGateway.ServiceDefaults.Http;

namespace McpGateway.Catalog.Transfer.Import;

/// <summary>
/// One entity of an export being imported, read leniently: ContextForge's spellings are accepted beside ours
/// (`displayName`, `is_active`, `tool_ids`...), a field of the wrong JSON type is a 400-style failure of this entity only.
/// </summary>
public sealed class ImportItem(JsonElement element, int index)
{
    public int Index { get; } = index;

    public string? Id => String("id");

    public string Label => String("name") ?? String("uri") ?? $"#{Index + 1}";

    public bool Has(string name) => element.TryGetProperty(name, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);

    /// <summary>The first of <paramref name="names"/> present, as a string (numbers are accepted as ids are in ContextForge).</summary>
    public string? String(params string[] names)
    {
        foreach (var name in names)
        {
            if (element.TryGetProperty(name, out var value))
            {
                switch (value.ValueKind)
                {
                    case JsonValueKind.String: return value.GetString();
                    case JsonValueKind.Number: return value.GetRawText();
                    case JsonValueKind.Null: continue;
                    default: throw ProblemException.BadRequest(name, $"'{name}' must be a string.");
                }
            }
        }
        return null;
    }

    public bool? Bool(params string[] names)
    {
        foreach (var name in names)
        {
            if (element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                return value.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw ProblemException.BadRequest(name, $"'{name}' must be true or false."),
                };
            }
        }
        return null;
    }

    /// <summary>A list of strings; ContextForge's tags may also be objects `{id, label}`, read by their id.</summary>
    public List<string>? Strings(params string[] names)
    {
        foreach (var name in names)
        {
            if (element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                if (value.ValueKind != JsonValueKind.Array)
                {
                    throw ProblemException.BadRequest(name, $"'{name}' must be a list.");
                }
                return value.EnumerateArray().Select(v => v.ValueKind switch
                {
                    JsonValueKind.String => v.GetString()!,
                    JsonValueKind.Number => v.GetRawText(),
                    JsonValueKind.Object when v.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String => id.GetString()!,
                    _ => throw ProblemException.BadRequest(name, $"'{name}' must hold strings."),
                }).ToList();
            }
        }
        return null;
    }

    public JsonElement? Element(string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined) ? value : null;

    public DateTime? Date(string name) =>
        String(name) is { } text && DateTime.TryParse(text, null, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            ? DateTime.SpecifyKind(at, DateTimeKind.Utc)
            : null;
}
