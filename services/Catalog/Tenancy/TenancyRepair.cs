using McpGateway.Catalog.Infrastructure;
using McpGateway.Catalog.Model;
using McpGateway.ServiceDefaults.Authorization;
using McpGateway.ServiceDefaults.Authorization.Persistence;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Catalog.Tenancy;

/// <summary>An entity lacking a team, an owner or a valid visibility.</summary>
public sealed record Orphan(EntityKind Kind, string Id, string Name, string? TeamId, string? OwnerEmail, string? Visibility);

/// <summary>One orphan the repair could not place, and why.</summary>
public sealed record UnplacedOrphan(Orphan Orphan, string Reason);

/// <summary>
/// ContextForge's v0.6 → v0.7 upgrade rule for single-tenant data: an entity without a team goes to the platform
/// admin's personal team with `public` visibility (so everyone who used it still can), one without an owner is owned
/// by the platform admin, and a missing or unknown visibility becomes `public`. The admin is PLATFORM_ADMIN_EMAIL; their
/// personal team comes from the policy projection. Reads raw columns, so rows the model could not even load are found.
/// </summary>
public sealed class TenancyRepair(CatalogContext db, PlatformAdmin admin, ILogger<TenancyRepair> logger)
{
    private static readonly (EntityKind Kind, string Table)[] Tables =
        [(EntityKind.Gateways, "gateways"), (EntityKind.Tools, "tools"), (EntityKind.Resources, "resources"), (EntityKind.Prompts, "prompts"), (EntityKind.Servers, "servers")];

    private const string OrphanCondition =
        "team_id IS NULL OR team_id = '' OR owner_email IS NULL OR owner_email = '' OR visibility IS NULL OR visibility NOT IN ('private', 'team', 'public')";

    public string AdminEmail => admin.Email;

    /// <summary>The platform admin's personal team as the projection knows it, else null.</summary>
    public Task<string?> AdminTeamAsync(CancellationToken cancellationToken) =>
        db.Set<ProjectedTeam>().Where(t => t.IsPersonal && t.CreatedBy == admin.Email).Select(t => t.TeamId).FirstOrDefaultAsync(cancellationToken);

    public async Task<List<Orphan>> FindOrphansAsync(CancellationToken cancellationToken)
    {
        var orphans = new List<Orphan>();
        foreach (var (kind, table) in Tables)
        {
            // The table name is one of the constants above, never input; values travel as parameters.
#pragma warning disable EF1002
            var rows = await db.Database
                .SqlQueryRaw<OrphanRow>($"SELECT id AS \"Id\", name AS \"Name\", team_id AS \"TeamId\", owner_email AS \"OwnerEmail\", visibility AS \"Visibility\" FROM {table} WHERE {OrphanCondition}")
                .ToListAsync(cancellationToken);
#pragma warning restore EF1002
            orphans.AddRange(rows.OrderBy(r => r.Name, StringComparer.Ordinal).Select(r => new Orphan(kind, r.Id, r.Name, r.TeamId, r.OwnerEmail, r.Visibility)));
        }
        return orphans;
    }

    /// <summary>Runs the repair when <paramref name="teamId"/> is the platform admin's personal team, just learnt.</summary>
    public async Task RepairIfAdminTeamAsync(string teamId, CancellationToken cancellationToken)
    {
        if (await AdminTeamAsync(cancellationToken) == teamId)
        {
            await RepairAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Places every orphan; null when the admin's personal team is not known yet (nothing changes then). A virtual server
    /// whose name is taken in that team gets a suffix; a gateway whose address is already registered there stays unplaced.
    /// </summary>
    public async Task<RepairResult?> RepairAsync(CancellationToken cancellationToken)
    {
        if (await AdminTeamAsync(cancellationToken) is not { } team)
        {
            return null;
        }
        var orphans = await FindOrphansAsync(cancellationToken);
        var unplaced = new List<UnplacedOrphan>();
        foreach (var orphan in orphans)
        {
            if (await PlaceAsync(orphan, team, cancellationToken) is { } reason)
            {
                unplaced.Add(new UnplacedOrphan(orphan, reason));
            }
        }
        if (orphans.Count > 0)
        {
            logger.LogInformation("Gave {Count} entities without a team, owner or visibility to {Admin}'s personal team {Team} ({Unplaced} could not be placed)",
                orphans.Count - unplaced.Count, admin.Email, team, unplaced.Count);
        }
        return new RepairResult(team, orphans.Count - unplaced.Count, unplaced);
    }

    /// <summary>Null when placed, else why not. Conflicts are looked for first: on PostgreSQL a failed statement would end the transaction.</summary>
    private async Task<string?> PlaceAsync(Orphan orphan, string team, CancellationToken cancellationToken)
    {
        var table = Tables.Single(t => t.Kind == orphan.Kind).Table;
        var lacksTeam = string.IsNullOrEmpty(orphan.TeamId);
        var target = lacksTeam ? team : orphan.TeamId!;
        var name = orphan.Name;
        if (orphan.Kind == EntityKind.Gateways
            && await CountAsync($"SELECT COUNT(*) AS \"Value\" FROM gateways g WHERE g.team_id = {{0}} AND g.id <> {{1}} AND (g.url = (SELECT url FROM gateways WHERE id = {{1}}) OR g.slug = (SELECT slug FROM gateways WHERE id = {{1}}))",
                [target, orphan.Id], cancellationToken) > 0)
        {
            return "a gateway with the same address or name is already registered in the admin's personal team";
        }
        if (orphan.Kind == EntityKind.Servers)
        {
            for (var suffix = 2; await CountAsync("SELECT COUNT(*) AS \"Value\" FROM servers WHERE team_id = {0} AND name = {1} AND id <> {2}", [target, name, orphan.Id], cancellationToken) > 0; suffix++)
            {
                name = $"{orphan.Name} ({suffix})";
            }
        }
        var visibility = lacksTeam || Names.ParseVisibility(orphan.Visibility) is null ? "public" : orphan.Visibility!;
        // The table name is one of the constants above, never input; values travel as parameters.
#pragma warning disable EF1002
        await db.Database.ExecuteSqlRawAsync(
            $"UPDATE {table} SET team_id = {{0}}, owner_email = {{1}}, visibility = {{2}}, name = {{3}} WHERE id = {{4}}",
            [target, string.IsNullOrEmpty(orphan.OwnerEmail) ? admin.Email : orphan.OwnerEmail, visibility, name, orphan.Id],
            cancellationToken);
#pragma warning restore EF1002
        return null;
    }

    private async Task<int> CountAsync(string sql, object[] parameters, CancellationToken cancellationToken) =>
        await db.Database.SqlQueryRaw<int>(sql, parameters).SingleAsync(cancellationToken);

    private sealed record OrphanRow(string Id, string Name, string? TeamId, string? OwnerEmail, string? Visibility);
}

public sealed record RepairResult(string TeamId, int Placed, IReadOnlyList<UnplacedOrphan> Unplaced);

/// <summary>The configured platform admin (PLATFORM_ADMIN_EMAIL), normalized.</summary>
public sealed record PlatformAdmin(string Email)
{
    public static PlatformAdmin From(IConfiguration configuration) =>
        new(Caller.NormalizeEmail(configuration["PLATFORM_ADMIN_EMAIL"] is { Length: > 0 } email ? email : "admin@example.com"));
}
