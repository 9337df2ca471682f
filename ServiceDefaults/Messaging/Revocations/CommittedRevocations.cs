using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Authentication;

namespace McpGateway.ServiceDefaults.Messaging.Revocations;

/// <summary>
/// The producer's own deny-list learns a revocation the moment it commits, not when the transport brings it back: the
/// auth service refuses a revoked token, or a closed account's tokens, from its very next request, the same way (401,
/// "revoked") every other service will. <see cref="DenyListConsumer{TContext}"/> still stores it when it arrives.
/// </summary>
internal sealed class CommittedRevocations(TokenDenyList denyList) : ICommittedEventsObserver
{
    public void OnCommitted(IReadOnlyList<IntegrationEvent> events)
    {
        foreach (var integrationEvent in events)
        {
            switch (integrationEvent)
            {
                case TokenRevoked revoked:
                    denyList.Revoke(revoked.Jti, revoked.ExpiresAt is { } expires ? Utc(expires) : DateTimeOffset.MaxValue);
                    break;
                case UserDeactivated deactivated:
                    DenyUser(deactivated.Email, deactivated.OccurredAt);
                    break;
                case UserDeleted deleted:
                    DenyUser(deleted.Email, deleted.OccurredAt);
                    break;
            }
        }
    }

    private void DenyUser(string email, DateTime issuedBefore) =>
        denyList.RevokeSubject(email, Utc(issuedBefore), Utc(issuedBefore + TokenDenyList.LongestTokenLifetime));

    private static DateTimeOffset Utc(DateTime time) => new(time, TimeSpan.Zero);
}
