using MassTransit;
using McpGateway.Contracts;

namespace McpGateway.Messaging.TestHost;

/// <summary>
/// With <c>--remember true</c>: what a replica keeps in memory from every event (like the deny-list), heard in every
/// replica; prints <c>REMEMBERED n</c> after each new one so a test can follow it.
/// </summary>
public sealed class ReplicaMemory : IConsumer<UserCreated>
{
    private static readonly HashSet<Guid> Heard = [];

    public Task Consume(ConsumeContext<UserCreated> context)
    {
        lock (Heard)
        {
            if (Heard.Add(context.Message.EventId))
            {
                Console.WriteLine($"REMEMBERED {Heard.Count}");
            }
        }
        return Task.CompletedTask;
    }
}
