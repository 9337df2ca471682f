using MassTransit;

namespace McpGateway.ServiceDefaults.Messaging;

/// <summary>
/// Completes once this replica hears every event: on RabbitMQ when its own queue's endpoint is ready (bound and
/// consuming), on the local bus at once (it keeps every event for its one replica).
/// </summary>
public sealed class ReplicaListening : IReceiveEndpointObserver
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Task => _ready.Task;

    public void Set() => _ready.TrySetResult();

    public Task Ready(ReceiveEndpointReady ready)
    {
        Set();
        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;
}
