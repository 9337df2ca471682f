using MassTransit;
using McpGateway.Auth.Accounts;
using McpGateway.Contracts;

namespace McpGateway.Auth.IntegrationEvents;

/// <summary>
/// The global `platform_admin` role granted or revoked through the teams service's RBAC API makes the account an
/// administrator here too, or no longer one (teams follows this service's flag the other way, so neither echoes back).
/// </summary>
public sealed class PlatformAdminRoleConsumer(UserAdministration administration, ILogger<PlatformAdminRoleConsumer> logger) :
    IConsumer<RoleAssigned>, IConsumer<RoleRevoked>
{
    private const string PlatformAdminRole = "platform_admin";
    private const string GlobalScope = "global";

    public Task Consume(ConsumeContext<RoleAssigned> context) =>
        context.Message is { RoleId: PlatformAdminRole, Scope: GlobalScope, ExpiresAt: null } granted
            ? FollowAsync(granted.UserEmail, isAdmin: true, context.CancellationToken)
            : Task.CompletedTask;

    public Task Consume(ConsumeContext<RoleRevoked> context) =>
        context.Message is { RoleId: PlatformAdminRole, Scope: GlobalScope } revoked
            ? FollowAsync(revoked.UserEmail, isAdmin: false, context.CancellationToken)
            : Task.CompletedTask;

    private async Task FollowAsync(string email, bool isAdmin, CancellationToken cancellationToken)
    {
        if (!await administration.FollowPlatformAdminRoleAsync(email, isAdmin, cancellationToken))
        {
            logger.LogWarning("platform_admin was revoked from {Email} at the teams service, but it is the last active platform administrator here; it stays one", email);
        }
    }
}
