using MassTransit;
using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Authentication;

namespace McpGateway.ServiceDefaults.Messaging.Revocations;

/// <summary>
/// The deny-list in this replica's memory, kept from auth's events in every replica
/// (<see cref="IntegrationEventConsumers.AddInEveryReplica{TConsumer}"/>): <see cref="DenyListConsumer{TContext}"/> stores
/// the revocations once per service, in the replica that reads the service's queue, so without this the other replicas
/// would accept a revoked token until they restart. Revocations only ever grow, so hearing one twice changes nothing.
/// </summary>
public sealed class ReplicaDenyListConsumer(TokenDenyList denyList) :
    IConsumer<TokenRevoked>, IConsumer<UserDeactivated>, IConsumer<UserDeleted>
{
    public Task Consume(ConsumeContext<TokenRevoked> context)
    {
        var revoked = context.Message;
        denyList.Revoke(revoked.Jti, revoked.ExpiresAt is { } expires ? new DateTimeOffset(expires, TimeSpan.Zero) : DateTimeOffset.MaxValue);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<UserDeactivated> context) => DenyUser(context.Message.Email, context.Message.OccurredAt);

    public Task Consume(ConsumeContext<UserDeleted> context) => DenyUser(context.Message.Email, context.Message.OccurredAt);

    private Task DenyUser(string email, DateTime issuedBefore)
    {
        var since = new DateTimeOffset(DateTime.SpecifyKind(issuedBefore, DateTimeKind.Utc));
        denyList.RevokeSubject(email, since, since + TokenDenyList.LongestTokenLifetime);
        return Task.CompletedTask;
    }
}
