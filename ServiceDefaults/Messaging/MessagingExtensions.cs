using MassTransit;
using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Messaging.Inbox;
using McpGateway.ServiceDefaults.Messaging.Outbox;
using McpGateway.ServiceDefaults.Messaging.Parking;
using McpGateway.ServiceDefaults.Messaging.Resync;
using McpGateway.ServiceDefaults.Messaging.Revocations;
using McpGateway.ServiceDefaults.Messaging.Transport;
using McpGateway.ServiceDefaults.Messaging.Transport.Local;
using McpGateway.ServiceDefaults.Messaging.Transport.RabbitMq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace McpGateway.ServiceDefaults.Messaging;

public static class MessagingExtensions
{
    /// <summary>MassTransit's own ActivitySource and Meter (publish, send, receive and consume spans and instruments).</summary>
    public const string MassTransitTelemetryName = "MassTransit";

    /// <summary>
    /// Integration events for a service whose database is <typeparamref name="TContext"/> (its model calls
    /// <see cref="MessagingModel.AddMessaging"/>):
    /// <list type="bullet">
    /// <item>the outbox relay (<see cref="OutboxDispatcher{TContext}"/>), woken by commits that staged events
    /// (<see cref="IntegrationEventPublishing.AddIntegrationEvent{TEvent}"/>);</item>
    /// <item>the service's consumers plus the shared deny-list one (<see cref="DenyListConsumer{TContext}"/>), each made
    /// idempotent and retried, then parked, by <see cref="IdempotentConsumerFilter{TContext,TConsumer,TMessage}"/>;</item>
    /// <item>the deny-list loaded before the service serves, and the periodic pruning;</item>
    /// <item>on a first start, a request that producers announce their state again (<see cref="ResyncRequester{TContext}"/>),
    /// answered by the service's own <see cref="IStateAnnouncer"/>s;</item>
    /// <item>RabbitMQ when `ConnectionStrings:rabbitmq` is set, else the local bus file in the data directory.</item>
    /// </list>
    /// The service maps <see cref="ParkedMessagesApi.MapParkedMessagesApi"/> for its administrators.
    /// </summary>
    public static MessagingSettings AddIntegrationEvents<TContext>(this IHostApplicationBuilder builder, string serviceName,
        Action<IntegrationEventConsumers>? configureConsumers = null)
        where TContext : DbContext
    {
        var settings = MessagingSettings.FromConfiguration(builder.Configuration, serviceName);
        var consumers = new IntegrationEventConsumers().Add<DenyListConsumer<TContext>>().Add<ResyncRequestedConsumer>()
            .AddInEveryReplica<ReplicaDenyListConsumer>();
        configureConsumers?.Invoke(consumers);

        var services = builder.Services;
        services.AddSingleton(settings);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<MessagingMetrics>();
        var listening = new ReplicaListening();
        if (settings.Transport != MessagingTransport.RabbitMq)
        {
            listening.Set();
        }
        services.AddSingleton(listening);
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxInterceptor>();
        services.AddSingleton<ICommittedEventsObserver, CommittedRevocations>();
        services.AddSingleton<SqliteBusyTimeoutInterceptor>();
        services.ConfigureDbContext<TContext>((provider, options) => options.AddInterceptors(
            provider.GetRequiredService<OutboxInterceptor>(), provider.GetRequiredService<SqliteBusyTimeoutInterceptor>()));
        services.AddScoped<IParkedMessages, ParkedMessages<TContext>>();
        services.AddHostedService<DenyListLoader<TContext>>();
        services.AddHostedService<OutboxDispatcher<TContext>>();
        services.AddHostedService<MessagingCleanup<TContext>>();

        if (settings.Transport == MessagingTransport.RabbitMq)
        {
            AddRabbitMq<TContext>(services, settings, consumers);
        }
        else
        {
            AddLocalBus<TContext>(services, settings, consumers);
        }
        services.AddHostedService<ResyncRequester<TContext>>();

        // Subscribed where the providers are built from the container (OpenTelemetry.Extensions.Hosting).
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(MassTransitTelemetryName));
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(MassTransitTelemetryName));
        return settings;
    }

    private static void AddRabbitMq<TContext>(IServiceCollection services, MessagingSettings settings, IntegrationEventConsumers consumers)
        where TContext : DbContext
    {
        services.AddSingleton<PipelinedPublisher>();
        services.AddSingleton<IMessageTransport, RabbitMqTransport>();
        services.Configure<MassTransitHostOptions>(options =>
        {
            // A service serves without the broker: the outbox keeps what it publishes until the broker is back.
            options.WaitUntilStarted = false;
            options.StopTimeout = TimeSpan.FromSeconds(10);
        });
        services.AddMassTransit(bus =>
        {
            foreach (var consumer in consumers.Types)
            {
                bus.AddConsumer(consumer);
            }
            // Readiness does not fail with the broker (requests are served and events wait in the outbox): degraded only.
            bus.ConfigureHealthCheckOptions(health => health.MinimalFailureStatus = HealthStatus.Degraded);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(settings.RabbitMqUrl!, host => host.ConnectionName($"mcpgateway-{settings.Queue}"));
                // Events are bound by their own type only: no exchange for the IntegrationEvent base record.
                rabbit.Publish<IntegrationEvent>(publish => publish.Exclude = true);
                rabbit.ReceiveEndpoint(settings.Queue, endpoint =>
                {
                    // One queue per service, durable; one replica consumes at a time, one message at a time: in order.
                    endpoint.SingleActiveConsumer = true;
                    endpoint.PrefetchCount = 32;
                    endpoint.ConcurrentMessageLimit = 1;
                    endpoint.ConnectConsumerConfigurationObserver(Observer<TContext>(context));
                    foreach (var consumer in consumers.OncePerService)
                    {
                        endpoint.ConfigureConsumer(context, consumer);
                    }
                });
                if (consumers.InEveryReplica.Count > 0)
                {
                    // And one queue per replica, bound to the same exchanges: the single active consumer above is one
                    // replica, but every replica's memory must hear every revocation and policy change, in order.
                    rabbit.ReceiveEndpoint(ReplicaQueueName(settings), endpoint =>
                    {
                        // Durable, and deleted by the broker only once no replica has read it for a while: a replica
                        // that loses its connection (a broker restart, a network blip) finds every event published
                        // meanwhile when it reconnects. A queue deleted with the connection would have lost them, and the
                        // replica would have gone on accepting a token revoked during the blip until it restarted.
                        endpoint.Durable = true;
                        endpoint.AutoDelete = false;
                        endpoint.QueueExpiration = ReplicaQueueExpiry;
                        endpoint.PrefetchCount = 32;
                        endpoint.ConcurrentMessageLimit = 1;
                        endpoint.ConnectReceiveEndpointObserver(context.GetRequiredService<ReplicaListening>());
                        foreach (var consumer in consumers.InEveryReplica)
                        {
                            endpoint.ConfigureConsumer(context, consumer);
                        }
                    });
                }
            });
        });
    }

    /// <summary>How long the broker keeps a replica's queue once nothing reads it (the replica is gone for good).</summary>
    private static readonly TimeSpan ReplicaQueueExpiry = TimeSpan.FromMinutes(15);

    /// <summary>This process's own queue: a restarted replica starts from the database, so it never reads its predecessor's.</summary>
    private static string ReplicaQueueName(MessagingSettings settings) => $"{settings.Queue}-replica-{Guid.NewGuid():N}";

    private static void AddLocalBus<TContext>(IServiceCollection services, MessagingSettings settings, IntegrationEventConsumers consumers)
        where TContext : DbContext
    {
        services.AddSingleton(new LocalBus(settings.LocalBusFile));
        services.AddSingleton<IMessageTransport, LocalTransport>();
        services.AddMediator(mediator =>
        {
            foreach (var consumer in consumers.Types)
            {
                mediator.AddConsumer(consumer);
            }
            mediator.ConfigureMediator((context, configurator) => configurator.ConnectConsumerConfigurationObserver(Observer<TContext>(context)));
        });
        var types = consumers.MessageTypes;
        services.AddHostedService(provider => ActivatorUtilities.CreateInstance<LocalBusReceiver>(provider, types));
    }

    private static IdempotentConsumersObserver<TContext> Observer<TContext>(IServiceProvider services) where TContext : DbContext =>
        new(services.GetRequiredService<MessagingSettings>(), services.GetRequiredService<MessagingMetrics>(), services.GetRequiredService<TimeProvider>());
}
