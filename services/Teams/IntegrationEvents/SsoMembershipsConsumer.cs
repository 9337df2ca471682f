using MassTransit;
using McpGateway.Contracts;
using McpGateway.Teams.Teams;

namespace McpGateway.Teams.IntegrationEvents;

/// <summary>An identity provider's groups, as team memberships, reconciled at each sign-in (<see cref="SsoMemberships"/>).</summary>
public sealed class SsoMembershipsConsumer(SsoMemberships memberships) : IConsumer<SsoMembershipsAsserted>, IConsumer<SsoProviderDeleted>
{
    public Task Consume(ConsumeContext<SsoMembershipsAsserted> context) => memberships.ReconcileAsync(context.Message, context.CancellationToken);

    /// <summary>A deleted provider's grants go with it.</summary>
    public Task Consume(ConsumeContext<SsoProviderDeleted> context) => memberships.RevokeAllAsync(context.Message, context.CancellationToken);
}
