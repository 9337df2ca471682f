using MassTransit;
using McpGateway.Contracts;
using Microsoft.Extensions.Logging;

namespace McpGateway.ServiceDefaults.Messaging.Resync;

/// <summary>Answers a <see cref="ResyncRequested"/> with this service's state, from each of its <see cref="IStateAnnouncer"/>s.</summary>
public sealed class ResyncRequestedConsumer(IEnumerable<IStateAnnouncer> announcers, ILogger<ResyncRequestedConsumer> logger) : IConsumer<ResyncRequested>
{
    public async Task Consume(ConsumeContext<ResyncRequested> context)
    {
        foreach (var announcer in announcers)
        {
            await announcer.AnnounceAsync(context.CancellationToken);
        }
        if (announcers.Any())
        {
            logger.LogInformation("Announced this service's state again for {Service}", context.Message.Service);
        }
    }
}
