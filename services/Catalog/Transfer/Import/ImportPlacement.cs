using McpGateway.Catalog.Apis;
using McpGateway.Catalog.Model;
using McpGateway.Catalog.Security;
using McpGateway.ServiceDefaults.Http;

namespace McpGateway.Catalog.Transfer.Import;

/// <summary>Where an imported entity goes, or why it cannot go anywhere.</summary>
public sealed record PlacementDecision(string? TeamId, string Owner, Visibility Visibility, string? Problem);

/// <summary>
/// The import's tenancy rules. An entity naming a team the importer may create in (by id here, or by the slug the
/// export's `teams` gives it) goes there; anything else goes to the importer's personal team (a team-scoped token: its
/// team). An entity naming no team at all comes from single-tenant data (a ContextForge v0.6 export, or v0.7's, which
/// carries no tenancy): it is `public` when a platform admin imports it (ContextForge's v0.6 → v0.7 rule) and `team`
/// otherwise (ContextForge's own import), unless it says otherwise. Owners are kept only for a platform admin (a
/// restore); anyone else owns what they import.
/// </summary>
public sealed class ImportPlacement(CatalogAccess access, IReadOnlyDictionary<string, string> teamsBySourceId)
{
    public PlacementDecision Decide(EntityKind kind, ImportItem item)
    {
        var named = item.String("team_id");
        var visibilityText = item.String("visibility");
        var visibility = visibilityText is null ? (Visibility?)null : Names.ParseVisibility(visibilityText)
            ?? throw ProblemException.BadRequest("visibility", $"'{visibilityText}' is not private, team or public.");
        var owner = access.Principal;
        if (access.IsPlatformAdmin && item.String("owner_email") is { Length: > 0 } exportedOwner)
        {
            owner = Input.Email("owner_email", exportedOwner);
        }
        if (named is not null)
        {
            var team = access.TeamExists(named) ? named : teamsBySourceId.GetValueOrDefault(named);
            if (team is not null && access.IsAllowed(kind.Create, team))
            {
                return new PlacementDecision(team, owner, visibility ?? Visibility.Private, null);
            }
        }
        var fallbackVisibility = visibility ?? (named is not null ? Visibility.Private : access.IsPlatformAdmin ? Visibility.Public : Visibility.Team);
        var own = access.Caller.Scope?.TeamId ?? access.PersonalTeamId;
        if (own is not null && access.IsAllowed(kind.Create, own))
        {
            return new PlacementDecision(own, owner, fallbackVisibility, null);
        }
        if (own is null && access.IsPlatformAdmin)
        {
            // The admin's personal team is not known yet: the entity waits without a team, and is given to that team
            // as soon as it is known (TenancyRepair), like any single-tenant data.
            return new PlacementDecision(null, owner, fallbackVisibility, null);
        }
        return new PlacementDecision(null, owner, fallbackVisibility, own is null
            ? "the catalog does not know your personal team yet, and the export names no team you may use"
            : $"you may not create {kind.Plural} in your team or in the team the export names");
    }
}
