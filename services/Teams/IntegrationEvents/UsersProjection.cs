using MassTransit;
using McpGateway.Contracts;
using McpGateway.Teams.Infrastructure;
using McpGateway.Teams.Model;

namespace McpGateway.Teams.IntegrationEvents;

/// <summary>
/// Keeps `users` as the auth service announces accounts. Each event sets what it knows whether or not an earlier one
/// arrived (an account created before this service first subscribed still appears with its first update), and the
/// filter around every consumer applies each event once, in order.
/// </summary>
public sealed class UsersProjection(TeamsContext db) :
    IConsumer<UserCreated>, IConsumer<UserUpdated>, IConsumer<UserDeactivated>, IConsumer<UserReactivated>, IConsumer<UserDeleted>
{
    public async Task Consume(ConsumeContext<UserCreated> context)
    {
        var created = context.Message;
        var user = await FindOrAddAsync(created.Email, created.OccurredAt, context.CancellationToken);
        user.FullName = created.FullName;
        user.IsAdmin = created.IsAdmin;
        user.AuthProvider = created.AuthProvider;
        user.IsActive = true;
        user.UpdatedAt = created.OccurredAt;
    }

    public async Task Consume(ConsumeContext<UserUpdated> context)
    {
        var updated = context.Message;
        var user = await FindOrAddAsync(updated.Email, updated.OccurredAt, context.CancellationToken);
        user.FullName = updated.FullName;
        user.IsAdmin = updated.IsAdmin;
        user.UpdatedAt = updated.OccurredAt;
    }

    public Task Consume(ConsumeContext<UserDeactivated> context) => SetActiveAsync(context.Message.Email, false, context.Message.OccurredAt, context.CancellationToken);

    public Task Consume(ConsumeContext<UserReactivated> context) => SetActiveAsync(context.Message.Email, true, context.Message.OccurredAt, context.CancellationToken);

    public async Task Consume(ConsumeContext<UserDeleted> context)
    {
        if (await db.Users.FindAsync([context.Message.Email], context.CancellationToken) is { } user)
        {
            db.Users.Remove(user);
        }
    }

    private async Task SetActiveAsync(string email, bool isActive, DateTime at, CancellationToken cancellationToken)
    {
        var user = await FindOrAddAsync(email, at, cancellationToken);
        user.IsActive = isActive;
        user.UpdatedAt = at;
    }

    private async Task<User> FindOrAddAsync(string email, DateTime at, CancellationToken cancellationToken)
    {
        if (await db.Users.FindAsync([email], cancellationToken) is { } user)
        {
            return user;
        }
        user = new User { Email = email, CreatedAt = at, UpdatedAt = at };
        db.Users.Add(user);
        return user;
    }
}
