using System.Text.Json;
using McpGateway.Contracts;

namespace McpGateway.ServiceDefaults.Messaging;

/// <summary>
/// How events are stored between their producer's commit and the transport (outbox rows, the local bus, parked
/// messages): camelCase JSON, names matched case-insensitively, unknown fields ignored, so an older consumer reads a
/// newer producer's event and the other way round (<see cref="IntegrationEvent"/> has the rules).
/// </summary>
public static class IntegrationEventSerializer
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    public static string Serialize(IntegrationEvent integrationEvent) =>
        JsonSerializer.Serialize(integrationEvent, integrationEvent.GetType(), Options);

    public static IntegrationEvent Deserialize(string type, string payload)
    {
        var eventType = IntegrationEventTypes.Find(type) ?? throw new UnknownIntegrationEventException(type);
        return (IntegrationEvent)(JsonSerializer.Deserialize(payload, eventType, Options)
            ?? throw new JsonException($"The {type} payload is null."));
    }
}

/// <summary>A message names a contract this build does not know (a newer producer's new event, or a typo).</summary>
public sealed class UnknownIntegrationEventException(string type) : Exception($"'{type}' is not an integration event this build knows.");
