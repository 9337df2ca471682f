using MassTransit;
using McpGateway.Contracts;

namespace McpGateway.ServiceDefaults.Messaging;

/// <summary>The consumers a service runs (its IntegrationEvents/ classes), and so the event types its queue takes.</summary>
public sealed class IntegrationEventConsumers
{
    private readonly List<Type> _types = [];

    public IReadOnlyList<Type> Types => _types;

    /// <summary>Adds a consumer: a class implementing <c>IConsumer&lt;TEvent&gt;</c> for one or more integration events.</summary>
    public IntegrationEventConsumers Add<TConsumer>() where TConsumer : class, IConsumer
    {
        if (!_types.Contains(typeof(TConsumer)))
        {
            _types.Add(typeof(TConsumer));
        }
        return this;
    }

    /// <summary>The event types (<see cref="IntegrationEventTypes"/> names) the consumers take.</summary>
    public IReadOnlyCollection<string> MessageTypes => _types
        .SelectMany(t => t.GetInterfaces())
        .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>))
        .Select(i => i.GetGenericArguments()[0])
        .Where(t => t.IsAssignableTo(typeof(IntegrationEvent)))
        .Select(IntegrationEventTypes.NameOf)
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>The name a consumer is known by in the inbox and parked messages: its class name, without generic arity.</summary>
    public static string NameOf(Type consumer) => consumer.IsGenericType ? consumer.Name[..consumer.Name.IndexOf('`')] : consumer.Name;
}
