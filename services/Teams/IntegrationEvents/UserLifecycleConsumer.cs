using MassTransit;
using McpGateway.Contracts;
using McpGateway.Teams.Teams;

namespace McpGateway.Teams.IntegrationEvents;

/// <summary>What an account's life means for teams: a personal team, `platform_admin` kept in step, and a clean exit.</summary>
public sealed class UserLifecycleConsumer(UserLifecycle lifecycle) : IConsumer<UserCreated>, IConsumer<UserUpdated>, IConsumer<UserDeleted>
{
    public Task Consume(ConsumeContext<UserCreated> context) => lifecycle.OnCreatedAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<UserUpdated> context) => lifecycle.OnUpdatedAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<UserDeleted> context) => lifecycle.OnDeletedAsync(context.Message, context.CancellationToken);
}
