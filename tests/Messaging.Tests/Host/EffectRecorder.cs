using MassTransit;
using McpGateway.Contracts;

namespace McpGateway.Messaging.TestHost;

/// <summary>
/// Appends one effect row per application: not idempotent on its own, so only the inbox keeps it to one per event.
/// An email containing <c>FAIL_EMAILS_CONTAINING</c> throws (a poison message), to exercise retry and parking.
/// </summary>
public sealed class EffectRecorder(HostContext db, IConfiguration configuration) : IConsumer<UserCreated>
{
    public async Task Consume(ConsumeContext<UserCreated> context)
    {
        if (configuration["FAIL_EMAILS_CONTAINING"] is { Length: > 0 } poison && context.Message.Email.Contains(poison, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{context.Message.Email} is poison for this test.");
        }
        db.Effects.Add(new Effect
        {
            MessageId = context.Message.EventId.ToString(),
            Email = context.Message.Email,
            OccurredAt = context.Message.OccurredAt,
            AppliedAt = DateTime.UtcNow,
            ProcessId = Environment.ProcessId,
        });
        await db.SaveChangesAsync(context.CancellationToken);
    }
}
