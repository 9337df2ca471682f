using MassTransit;
using McpGateway.Catalog.Infrastructure;
using McpGateway.Catalog.Model;
using McpGateway.Catalog.Tenancy;
using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Authorization.Persistence;

namespace McpGateway.Catalog.IntegrationEvents;

/// <summary>
/// The teams service's facts, kept in the catalog's own database (<see cref="PersistedPolicyProjection"/>) so every
/// decision is local: teams, memberships, role assignments, and deleted users. One replica at a time applies them here;
/// every replica's memory follows the same events through <see cref="ReplicaPolicyConsumer"/>. Team names and slugs go to
/// `team_references` for exports. Each apply is an upsert or a delete by key, so an event heard twice (a resync's
/// announcement of what is already known) changes nothing. When the platform admin's personal team becomes known,
/// entities still without a team are given to it (<see cref="TenancyRepair"/>).
/// </summary>
public sealed class PolicyProjectionConsumer(CatalogContext db, PersistedPolicyProjection projection, TenancyRepair repair) :
    IConsumer<TeamCreated>, IConsumer<TeamUpdated>, IConsumer<TeamDeleted>,
    IConsumer<TeamMemberAdded>, IConsumer<TeamMemberRemoved>, IConsumer<TeamMemberRoleChanged>,
    IConsumer<RoleAssigned>, IConsumer<RoleRevoked>, IConsumer<RoleUpdated>, IConsumer<UserDeleted>
{
    public async Task Consume(ConsumeContext<TeamCreated> context)
    {
        var team = context.Message;
        await UpsertReferenceAsync(team.TeamId, team.Name, team.Slug, team.IsPersonal, context.CancellationToken);
        await projection.StoreAsync(db, team, context.CancellationToken);
        if (team.IsPersonal)
        {
            await repair.RepairIfAdminTeamAsync(team.TeamId, context.CancellationToken);
        }
    }

    public async Task Consume(ConsumeContext<TeamUpdated> context)
    {
        var team = context.Message;
        if (await db.TeamReferences.FindAsync([team.TeamId], context.CancellationToken) is { } reference)
        {
            reference.Name = team.Name;
            reference.Slug = team.Slug;
        }
        await projection.StoreAsync(db, team, context.CancellationToken);
    }

    public async Task Consume(ConsumeContext<TeamDeleted> context)
    {
        if (await db.TeamReferences.FindAsync([context.Message.TeamId], context.CancellationToken) is { } reference)
        {
            db.TeamReferences.Remove(reference);
        }
        await projection.StoreAsync(db, context.Message, context.CancellationToken);
    }

    public Task Consume(ConsumeContext<TeamMemberAdded> context) => projection.StoreAsync(db, context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<TeamMemberRemoved> context) => projection.StoreAsync(db, context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<TeamMemberRoleChanged> context) => projection.StoreAsync(db, context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<RoleAssigned> context) => projection.StoreAsync(db, context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<RoleRevoked> context) => projection.StoreAsync(db, context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<RoleUpdated> context) => projection.StoreAsync(db, context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<UserDeleted> context) => projection.StoreAsync(db, context.Message, context.CancellationToken);

    private async Task UpsertReferenceAsync(string teamId, string name, string slug, bool isPersonal, CancellationToken cancellationToken)
    {
        if (await db.TeamReferences.FindAsync([teamId], cancellationToken) is { } reference)
        {
            reference.Name = name;
            reference.Slug = slug;
            reference.IsPersonal = isPersonal;
        }
        else
        {
            db.TeamReferences.Add(new TeamReference { TeamId = teamId, Name = name, Slug = slug, IsPersonal = isPersonal });
        }
    }
}
