using McpGateway.Catalog.Apis;
using McpGateway.Catalog.Model;
using McpGateway.Catalog.Security;
using McpGateway.ServiceDefaults.Authorization;
using McpGateway.ServiceDefaults.Http;

namespace McpGateway.Catalog.Tenancy;

/// <summary>
/// Where an entity lives and who owns it. A new entity goes to the team named, else the token's team, else the
/// creator's personal team, `private` unless told otherwise; the caller needs `{kind}.create` there. Moving an entity
/// to another team needs `{kind}.update` where it is and `{kind}.create` where it goes. Only a platform admin may
/// name someone else as the owner.
/// </summary>
public sealed class Placement(CatalogAccess access, PolicyEvaluator policy)
{
    public void PlaceNew(CatalogEntity entity, EntityKind kind, string? teamId, string? visibility, string? ownerEmail)
    {
        if (access.Caller.Scope?.ServerId is not null)
        {
            throw ProblemException.Forbidden("This token is scoped to one virtual server; it creates nothing.");
        }
        var team = teamId is not null ? KnownTeam(teamId)
            : access.Caller.Scope?.TeamId ?? access.PersonalTeamId
            ?? throw ProblemException.Conflict("The catalog does not know your personal team yet (it learns it from the teams service within moments); try again, or name a team_id.");
        access.Require(kind.Create, team);
        entity.TeamId = team;
        entity.Visibility = visibility is null ? Model.Visibility.Private : Fields.Visibility(visibility);
        entity.OwnerEmail = Owner(ownerEmail) ?? access.Principal;
        entity.CreatedBy = access.Principal;
    }

    /// <summary>Applies a partial update's tenancy fields; the caller already holds `{kind}.update` in the current team.</summary>
    public void Move(CatalogEntity entity, EntityKind kind, string? teamId, string? visibility, string? ownerEmail)
    {
        if (teamId is not null)
        {
            var team = KnownTeam(teamId);
            if (team != entity.TeamId)
            {
                access.Require(kind.Create, team);
                entity.TeamId = team;
            }
        }
        if (visibility is not null)
        {
            entity.Visibility = Fields.Visibility(visibility);
        }
        if (Owner(ownerEmail) is { } owner)
        {
            entity.OwnerEmail = owner;
        }
    }

    /// <summary>The team, if the caller may see it; an unknown team and one hidden from the caller answer alike.</summary>
    private string KnownTeam(string teamId)
    {
        var id = Fields.Id("team_id", teamId);
        return policy.CanSeeTeam(access.Caller, id) ? id : throw ProblemException.BadRequest("team_id", $"No team '{id}' that you can use.");
    }

    private string? Owner(string? ownerEmail)
    {
        if (ownerEmail is null)
        {
            return null;
        }
        var owner = Input.Email("owner_email", ownerEmail);
        if (owner != access.Principal && !access.IsPlatformAdmin)
        {
            throw ProblemException.Forbidden("Only a platform admin can make someone else the owner.");
        }
        return owner;
    }
}
