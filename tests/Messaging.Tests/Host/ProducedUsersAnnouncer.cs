using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Messaging;
using McpGateway.ServiceDefaults.Messaging.Resync;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Messaging.TestHost;

/// <summary>The producer's state for a service that asks: a UserCreated for every user it produced.</summary>
public sealed class ProducedUsersAnnouncer(HostContext db) : IStateAnnouncer
{
    public async Task AnnounceAsync(CancellationToken cancellationToken)
    {
        foreach (var user in await db.ProducedUsers.AsNoTracking().OrderBy(u => u.CreatedAt).ToListAsync(cancellationToken))
        {
            db.AddIntegrationEvent(new UserCreated(user.Email, null, false, "local"));
        }
    }
}
