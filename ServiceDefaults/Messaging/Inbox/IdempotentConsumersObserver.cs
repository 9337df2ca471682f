using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.ServiceDefaults.Messaging.Inbox;

/// <summary>Puts <see cref="IdempotentConsumerFilter{TContext,TConsumer,TMessage}"/> in front of every consumer configured on an endpoint.</summary>
public sealed class IdempotentConsumersObserver<TContext>(MessagingSettings settings, MessagingMetrics metrics, TimeProvider time)
    : IConsumerConfigurationObserver where TContext : DbContext
{
    public void ConsumerConfigured<TConsumer>(IConsumerConfigurator<TConsumer> configurator) where TConsumer : class
    {
    }

    public void ConsumerMessageConfigured<TConsumer, TMessage>(IConsumerMessageConfigurator<TConsumer, TMessage> configurator)
        where TConsumer : class
        where TMessage : class =>
        configurator.UseFilter(new IdempotentConsumerFilter<TContext, TConsumer, TMessage>(settings, metrics, time));
}
