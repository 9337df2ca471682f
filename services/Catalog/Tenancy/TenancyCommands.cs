using McpGateway.Catalog.Infrastructure;
using McpGateway.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Catalog.Tenancy;

/// <summary>
/// `McpGateway.Catalog.dll verify` and `fix`: ContextForge's multi-tenancy upgrade scripts as commands of the service
/// executable, for a Kubernetes Job like `migrate` (no web host). Both name the platform admin and their personal team
/// and list every entity lacking a team, an owner or a visibility; `fix` then places them (<see cref="TenancyRepair"/>).
/// Exit codes: 0 nothing (left) to fix; 1 entities need fixing (verify) or could not be placed (fix); 2 the database
/// is not migrated; 3 the admin's personal team is not known to the catalog yet.
/// </summary>
public static class TenancyCommands
{
    public const string Verify = "verify";
    public const string Fix = "fix";

    public static bool IsTenancyCommand(string[] args) => args is [Verify or Fix, ..];

    public static async Task<int> RunAsync(string[] args)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args[1..]).Build();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        var database = ServiceDatabase.Resolve(configuration, CatalogContext.ServiceName);
        var options = new DbContextOptionsBuilder<CatalogContext>();
        options.UseServiceDatabase(database);
        await using var db = new CatalogContext(options.Options);
        var output = Console.Out;

        var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
        if (pending.Count > 0)
        {
            await Console.Error.WriteLineAsync($"The catalog database ({database.Describe()}) is not migrated: {pending.Count} migrations pending. Run `McpGateway.Catalog.dll migrate` first.");
            return 2;
        }
        var repair = new TenancyRepair(db, PlatformAdmin.From(configuration), loggerFactory.CreateLogger<TenancyRepair>());
        var team = await repair.AdminTeamAsync(CancellationToken.None);
        var teamName = team is null ? null : await db.TeamReferences.Where(t => t.TeamId == team).Select(t => t.Name).FirstOrDefaultAsync();
        var orphans = await repair.FindOrphansAsync(CancellationToken.None);

        await output.WriteLineAsync($"Catalog database      {database.Describe()}");
        await output.WriteLineAsync($"Platform admin        {repair.AdminEmail} (PLATFORM_ADMIN_EMAIL)");
        await output.WriteLineAsync($"Admin personal team   {(team is null ? "NOT KNOWN to the catalog" : $"{team}{(teamName is null ? "" : $" ({teamName})")}")}");
        await output.WriteLineAsync($"Entities to fix       {orphans.Count} (lacking a team, an owner or a visibility)");
        if (orphans.Count > 0)
        {
            await output.WriteLineAsync();
            await WriteTableAsync(output, ["KIND", "ID", "NAME", "TEAM", "OWNER", "VISIBILITY"],
                orphans.Select(o => new[] { o.Kind.Singular, o.Id, o.Name, o.TeamId ?? "(none)", Or(o.OwnerEmail), Or(o.Visibility) }));
        }
        await output.WriteLineAsync();
        if (team is null)
        {
            await Console.Error.WriteLineAsync(
                $"The catalog does not know {repair.AdminEmail}'s personal team yet: it learns teams from the teams service's events. Start the teams service " +
                "(with AUTO_CREATE_PERSONAL_TEAMS=true) and the catalog once so they exchange events, check PLATFORM_ADMIN_EMAIL, then run this again.");
            return 3;
        }
        if (args[0] == Verify)
        {
            await output.WriteLineAsync(orphans.Count == 0 ? "OK: every entity has a team, an owner and a visibility." : $"{orphans.Count} entities need fixing: run `McpGateway.Catalog.dll fix`.");
            return orphans.Count == 0 ? 0 : 1;
        }
        var result = (await repair.RepairAsync(CancellationToken.None))!;
        await output.WriteLineAsync($"Fixed {result.Placed} entities: team {result.TeamId}, owner {repair.AdminEmail} where missing, visibility public where the team or a visibility was missing.");
        if (result.Unplaced.Count > 0)
        {
            await output.WriteLineAsync();
            await WriteTableAsync(output, ["KIND", "ID", "NAME", "NOT FIXED BECAUSE"], result.Unplaced.Select(u => new[] { u.Orphan.Kind.Singular, u.Orphan.Id, u.Orphan.Name, u.Reason }));
            return 1;
        }
        return 0;
    }

    private static string Or(string? value) => string.IsNullOrEmpty(value) ? "(none)" : value;

    private static async Task WriteTableAsync(TextWriter output, string[] header, IEnumerable<string[]> rows)
    {
        var all = rows.Prepend(header).ToList();
        var widths = header.Select((_, i) => all.Max(r => r[i].Length)).ToArray();
        foreach (var row in all)
        {
            await output.WriteLineAsync(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        }
    }
}
