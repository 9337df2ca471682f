using MassTransit;
using McpGateway.Contracts;

namespace McpGateway.ServiceDefaults.Messaging;

/// <summary>
/// The consumers a service runs (its IntegrationEvents/ classes), and so the event types its queue takes. Most apply an
/// event once per service (<see cref="Add{TConsumer}"/>: one replica at a time reads the service's queue); a consumer
/// that keeps a replica's own memory up to date (a deny-list, a policy projection) must hear every event in every
/// replica instead (<see cref="AddInEveryReplica{TConsumer}"/>).
/// </summary>
public sealed class IntegrationEventConsumers
{
    private readonly List<Type> _types = [];
    private readonly List<Type> _everyReplica = [];

    /// <summary>Every consumer, whichever way it is delivered to.</summary>
    public IReadOnlyList<Type> Types => [.. _types, .. _everyReplica];

    /// <summary>The consumers of the service's shared queue: each event applied once per service, through the inbox.</summary>
    public IReadOnlyList<Type> OncePerService => _types;

    /// <summary>The consumers each replica runs on a queue of its own (RabbitMQ); they keep only memory, so need no inbox.</summary>
    public IReadOnlyList<Type> InEveryReplica => _everyReplica;

    /// <summary>Adds a consumer: a class implementing <c>IConsumer&lt;TEvent&gt;</c> for one or more integration events.</summary>
    public IntegrationEventConsumers Add<TConsumer>() where TConsumer : class, IConsumer
    {
        if (!_types.Contains(typeof(TConsumer)))
        {
            _types.Add(typeof(TConsumer));
        }
        return this;
    }

    /// <summary>
    /// Adds a consumer that every replica runs for every event (on RabbitMQ, from a queue of its own that lives as long
    /// as the replica; on the local bus, with the others). It must only update this process's memory, idempotently: a
    /// replica that starts later loads that state from the database, and an event may arrive twice.
    /// </summary>
    public IntegrationEventConsumers AddInEveryReplica<TConsumer>() where TConsumer : class, IConsumer
    {
        if (!_everyReplica.Contains(typeof(TConsumer)))
        {
            _everyReplica.Add(typeof(TConsumer));
        }
        return this;
    }

    /// <summary>The event types (<see cref="IntegrationEventTypes"/> names) the consumers take.</summary>
    public IReadOnlyCollection<string> MessageTypes => Types
        .SelectMany(t => t.GetInterfaces())
        .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>))
        .Select(i => i.GetGenericArguments()[0])
        .Where(t => t.IsAssignableTo(typeof(IntegrationEvent)))
        .Select(IntegrationEventTypes.NameOf)
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>The name a consumer is known by in the inbox and parked messages: its class name, without generic arity.</summary>
    public static string NameOf(Type consumer) => consumer.IsGenericType ? consumer.Name[..consumer.Name.IndexOf('`')] : consumer.Name;
}
