namespace McpGateway.ServiceDefaults.Messaging.Transport.RabbitMq;

/// <summary>
/// The broker's publisher confirms for one channel, by publish sequence number: a publish registers its number before
/// it is written; an ack (or nack) of a number - or of every number up to it, when <c>multiple</c> - settles it.
/// RabbitMQ may confirm in any order and in groups, so each number is settled on its own.
/// </summary>
internal sealed class PublisherConfirms
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<ulong, TaskCompletionSource> _outstanding = [];

    /// <summary>The task that completes when the broker confirms <paramref name="sequenceNumber"/>, or fails when it refuses it.</summary>
    public Task Expect(ulong sequenceNumber)
    {
        var confirmation = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _outstanding.Add(sequenceNumber, confirmation);
        }
        return confirmation.Task;
    }

    public void Acknowledged(ulong deliveryTag, bool multiple) => Settle(deliveryTag, multiple, confirmation => confirmation.TrySetResult());

    public void Refused(ulong deliveryTag, bool multiple) => Settle(deliveryTag, multiple,
        confirmation => confirmation.TrySetException(new InvalidOperationException("RabbitMQ refused the message (basic.nack): it was not stored.")));

    /// <summary>The channel is gone: whatever it did not confirm may or may not have been stored, so none of it counts as held.</summary>
    public void Abandon(Exception reason) => Settle(ulong.MaxValue, multiple: true, confirmation => confirmation.TrySetException(reason));

    private void Settle(ulong deliveryTag, bool multiple, Action<TaskCompletionSource> settle)
    {
        List<TaskCompletionSource> settled = [];
        lock (_lock)
        {
            if (multiple)
            {
                foreach (var (sequenceNumber, confirmation) in _outstanding)
                {
                    if (sequenceNumber > deliveryTag)
                    {
                        break;
                    }
                    settled.Add(confirmation);
                }
                foreach (var _ in settled)
                {
                    _outstanding.Remove(_outstanding.Keys.First());
                }
            }
            else if (_outstanding.Remove(deliveryTag, out var confirmation))
            {
                settled.Add(confirmation);
            }
        }
        // Outside the lock: continuations run asynchronously anyway, but nothing else waits on it meanwhile.
        settled.ForEach(settle);
    }
}
