using System.Collections.Frozen;
using McpGateway.Contracts;

namespace McpGateway.ServiceDefaults.Messaging;

/// <summary>The contract types (every concrete <see cref="IntegrationEvent"/> in McpGateway.Contracts) by the name stored with a message.</summary>
public static class IntegrationEventTypes
{
    private static readonly FrozenDictionary<string, Type> ByName = typeof(IntegrationEvent).Assembly.GetTypes()
        .Where(t => t is { IsAbstract: false, IsClass: true } && t.IsAssignableTo(typeof(IntegrationEvent)))
        .ToFrozenDictionary(NameOf, StringComparer.Ordinal);

    public static IReadOnlyCollection<Type> All => ByName.Values;

    /// <summary>The full name, e.g. `McpGateway.Contracts.UserCreated`: what outbox rows, queues and parked messages record.</summary>
    public static string NameOf(Type type) => type.FullName!;

    public static Type? Find(string name) => ByName.GetValueOrDefault(name);
}
