using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace McpGateway.Deploy.Tests.Manifests;

/// <summary>How rendered objects are read into the records of Kubernetes types: camelCase names, strings leniently.</summary>
internal static class ManifestJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new LenientString(), new IntOrStringConverter() },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    /// <summary>A scalar's text whatever YAML made of it (`8080`, `true` and `"8080"` alike).</summary>
    public static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => node.ToJsonString(),
    };

    /// <summary>Labels, annotations and data are strings in Kubernetes even where YAML wrote a number or a boolean.</summary>
    private sealed class LenientString : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False => JsonNode.Parse(ref reader)!.ToJsonString(),
            JsonTokenType.Null => null,
            _ => throw new JsonException($"expected a scalar, found {reader.TokenType}"),
        };

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }

    private sealed class IntOrStringConverter : JsonConverter<IntOrString>
    {
        public override IntOrString Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Number ? new IntOrString(reader.GetInt32(), null) : new IntOrString(null, reader.GetString());

        public override void Write(Utf8JsonWriter writer, IntOrString value, JsonSerializerOptions options) =>
            throw new NotSupportedException();
    }
}
