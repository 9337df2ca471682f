using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Admin.Infrastructure;

/// <summary>How one argument of a tool is typed in: a field per simple JSON Schema type, else JSON text.</summary>
public enum ArgumentKind { Text, Number, Integer, Boolean, Choice, Json }

/// <summary>One input of the "try it" form, from a property of the tool's input schema. Choices are raw JSON values.</summary>
public sealed record ArgumentField(string Name, ArgumentKind Kind, bool Required, string? Description, IReadOnlyList<string> Choices)
{
    public string FormName => "arg." + Name;

    /// <summary>A choice as a person reads it: strings without their quotes.</summary>
    public static string Label(string choice) => choice.StartsWith('"') ? JsonSerializer.Deserialize<string>(choice) ?? choice : choice;
}

/// <summary>The "try it" form of a tool: its fields from the input schema, and the arguments read back from a posted form.</summary>
public static class ToolArguments
{
    public static IReadOnlyList<ArgumentField> Fields(JsonElement inputSchema)
    {
        if (inputSchema.ValueKind != JsonValueKind.Object || !inputSchema.TryGetProperty("properties", out var properties)
            || properties.ValueKind != JsonValueKind.Object)
        {
            return [];
        }
        var required = inputSchema.TryGetProperty("required", out var names) && names.ValueKind == JsonValueKind.Array
            ? names.EnumerateArray().Where(n => n.ValueKind == JsonValueKind.String).Select(n => n.GetString()!).ToHashSet(StringComparer.Ordinal)
            : [];
        return properties.EnumerateObject()
            .Select(p => new ArgumentField(p.Name, KindOf(p.Value), required.Contains(p.Name), Text(p.Value, "description"), ChoicesOf(p.Value)))
            .ToList();
    }

    /// <summary>The arguments object, or the fields' errors (a number that is not one, JSON that does not parse).</summary>
    public static (JsonObject Arguments, Dictionary<string, string[]> Errors) Read(IReadOnlyList<ArgumentField> fields, IFormCollection form)
    {
        var arguments = new JsonObject();
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            var value = form[field.FormName].ToString();
            if (field.Kind == ArgumentKind.Boolean)
            {
                arguments[field.Name] = value == "true";
                continue;
            }
            if (value.Length == 0)
            {
                if (field.Required)
                {
                    errors[field.Name] = ["A value is required."];
                }
                continue;
            }
            try
            {
                arguments[field.Name] = field.Kind switch
                {
                    ArgumentKind.Number => JsonValue.Create(double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture)),
                    ArgumentKind.Integer => JsonValue.Create(long.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture)),
                    ArgumentKind.Choice or ArgumentKind.Json => JsonNode.Parse(value),
                    _ => JsonValue.Create(value),
                };
            }
            catch (Exception e) when (e is FormatException or OverflowException or JsonException)
            {
                errors[field.Name] = [field.Kind is ArgumentKind.Json or ArgumentKind.Choice ? "Not valid JSON." : $"Not a valid {field.Kind.ToString().ToLowerInvariant()}."];
            }
        }
        return (arguments, errors);
    }

    private static ArgumentKind KindOf(JsonElement property)
    {
        if (property.ValueKind != JsonValueKind.Object)
        {
            return ArgumentKind.Json;
        }
        if (property.TryGetProperty("enum", out var choices) && choices.ValueKind == JsonValueKind.Array)
        {
            return ArgumentKind.Choice;
        }
        return Text(property, "type") switch
        {
            "string" => ArgumentKind.Text,
            "number" => ArgumentKind.Number,
            "integer" => ArgumentKind.Integer,
            "boolean" => ArgumentKind.Boolean,
            _ => ArgumentKind.Json,
        };
    }

    private static IReadOnlyList<string> ChoicesOf(JsonElement property) =>
        property.ValueKind == JsonValueKind.Object && property.TryGetProperty("enum", out var choices) && choices.ValueKind == JsonValueKind.Array
            ? choices.EnumerateArray().Select(c => c.GetRawText()).ToList()
            : [];

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
