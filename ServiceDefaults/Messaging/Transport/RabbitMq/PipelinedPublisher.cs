using System.Collections.Concurrent;
using System.Text.Json;
using MassTransit;
using MassTransit.RabbitMqTransport.Topology;
using MassTransit.Serialization;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace McpGateway.ServiceDefaults.Messaging.Transport.RabbitMq;

/// <summary>
/// Publishes a batch of outbox events on one channel of its own, pipelined: each message is written to the channel
/// after the one before it (so the broker routes them to every queue in that order), none waits for the broker's
/// confirm of the one before, and the batch returns once every message is confirmed.
/// <para>
/// Why not MassTransit's <c>Publish</c> started for the whole batch at once: its pipeline and RabbitMQ.Client 7's
/// confirm tracking (a throttling rate limiter that delays a publish by up to 1 s once 64 are in flight, computed per
/// call) do not promise that concurrently started publishes reach the wire in the order they were started - only
/// publishes awaited one by one are ordered, and each of those waits a broker round trip (an fsync). So this channel
/// has confirms on and the client's tracking off: writes are awaited in order, confirms are collected by sequence
/// number (<see cref="PublisherConfirms"/>).
/// </para>
/// The messages are what MassTransit's <c>Publish</c> puts on the wire - its JSON envelope, to the exchange its publish
/// topology names for the event's type, declared the same way - so the services' MassTransit consumers read them as
/// before.
/// </summary>
internal sealed class PipelinedPublisher(IBus bus, MessagingSettings settings, ILogger<PipelinedPublisher> logger) : IAsyncDisposable
{
    private static readonly string ContentType = SystemTextJsonMessageSerializer.JsonContentType.ToString();

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<Type, Exchange> _exchanges = new();
    private IConnection? _connection;
    private IChannel? _channel;
    private PublisherConfirms _confirms = new();
    private HashSet<string> _declared = [];

    /// <summary>Returns once the broker confirmed every message; throws (and drops the channel) when one was not.</summary>
    public async Task PublishAsync(IReadOnlyList<TransportMessage> messages, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var channel = await OpenAsync(deadline.Token);
            var confirmations = new List<Task>(messages.Count);
            foreach (var message in messages)
            {
                var integrationEvent = IntegrationEventSerializer.Deserialize(message.Type, message.Payload);
                var exchange = await DeclareAsync(channel, integrationEvent.GetType(), deadline.Token);
                var messageId = Guid.TryParse(message.MessageId, out var id) ? id : NewId.NextGuid();
                var sequenceNumber = await channel.GetNextPublishSequenceNumberAsync(deadline.Token);
                confirmations.Add(_confirms.Expect(sequenceNumber));
                await channel.BasicPublishAsync(exchange, "", mandatory: false, Properties(messageId, message),
                    Envelope(messageId, message, integrationEvent), deadline.Token);
            }
            await Task.WhenAll(confirmations).WaitAsync(deadline.Token);
        }
        catch (Exception e)
        {
            // Unconfirmed messages will be sent again (at least once); a fresh channel numbers from 1 again.
            await CloseAsync(e);
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<IChannel> OpenAsync(CancellationToken cancellationToken)
    {
        if (_channel is { IsOpen: true } open)
        {
            return open;
        }
        await CloseAsync(null);
        var factory = new ConnectionFactory { Uri = settings.RabbitMqUrl!, AutomaticRecoveryEnabled = false };
        _connection = await factory.CreateConnectionAsync($"mcpgateway-{settings.Queue}-relay", cancellationToken);
        var channel = await _connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: false), cancellationToken);
        var confirms = new PublisherConfirms();
        channel.BasicAcksAsync += (_, ack) =>
        {
            confirms.Acknowledged(ack.DeliveryTag, ack.Multiple);
            return Task.CompletedTask;
        };
        channel.BasicNacksAsync += (_, nack) =>
        {
            confirms.Refused(nack.DeliveryTag, nack.Multiple);
            return Task.CompletedTask;
        };
        channel.ChannelShutdownAsync += (_, reason) =>
        {
            confirms.Abandon(new IOException($"The RabbitMQ channel closed before confirming: {reason.ReplyText}"));
            return Task.CompletedTask;
        };
        _channel = channel;
        _confirms = confirms;
        _declared = [];
        logger.LogDebug("The outbox relay opened its RabbitMQ channel");
        return channel;
    }

    /// <summary>The type's exchange as MassTransit's publish topology has it, declared once per channel (idempotent on the broker).</summary>
    private async Task<string> DeclareAsync(IChannel channel, Type type, CancellationToken cancellationToken)
    {
        var exchange = _exchanges.GetOrAdd(type, ExchangeOf);
        if (_declared.Add(exchange.ExchangeName))
        {
            await channel.ExchangeDeclareAsync(exchange.ExchangeName, exchange.ExchangeType, exchange.Durable, exchange.AutoDelete,
                exchange.ExchangeArguments, cancellationToken: cancellationToken);
        }
        return exchange.ExchangeName;
    }

    private Exchange ExchangeOf(Type type)
    {
        var topology = (IRabbitMqPublishTopology)bus.Topology.PublishTopology;
        return (Exchange)typeof(PipelinedPublisher).GetMethod(nameof(ExchangeOfType), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(type).Invoke(null, [topology])!;
    }

    private static Exchange ExchangeOfType<T>(IRabbitMqPublishTopology topology) where T : class => topology.GetMessageTopology<T>().Exchange;

    private static BasicProperties Properties(Guid messageId, TransportMessage message) => new()
    {
        ContentType = ContentType,
        MessageId = messageId.ToString(),
        Persistent = true,
        Headers = new Dictionary<string, object?> { [IntegrationEventHeaders.OccurredAt] = message.OccurredAt.ToString("O") },
    };

    private static byte[] Envelope(Guid messageId, TransportMessage message, object integrationEvent) =>
        JsonSerializer.SerializeToUtf8Bytes(new JsonMessageEnvelope
        {
            MessageId = messageId.ToString(),
            MessageType = [MessageUrn.ForTypeString(integrationEvent.GetType())],
            Message = integrationEvent,
            SentTime = DateTime.UtcNow,
            Headers = { [IntegrationEventHeaders.OccurredAt] = message.OccurredAt.ToString("O") },
        }, SystemTextJsonMessageSerializer.Options);

    private async Task CloseAsync(Exception? reason)
    {
        _confirms.Abandon(reason ?? new IOException("The relay's RabbitMQ channel was replaced."));
        var (channel, connection) = (_channel, _connection);
        (_channel, _connection) = (null, null);
        try
        {
            if (channel is not null)
            {
                await channel.CloseAsync();
                await channel.DisposeAsync();
            }
            if (connection is not null)
            {
                await connection.CloseAsync();
                await connection.DisposeAsync();
            }
        }
        catch (Exception e)
        {
            logger.LogDebug(e, "Closing the relay's RabbitMQ connection failed");
        }
    }

    public async ValueTask DisposeAsync() => await CloseAsync(null);
}
