using System.Linq.Expressions;
using McpGateway.Catalog.Model;
using McpGateway.ServiceDefaults.Authorization;
using McpGateway.ServiceDefaults.Http;
using Visibility = McpGateway.Catalog.Model.Visibility;

namespace McpGateway.Catalog.Security;

/// <summary>
/// The catalog's gate on the shared policy (<see cref="PolicyEvaluator"/>) for the current caller: what they may see
/// (an entity they may not see is 404, exactly like one that does not exist), what they may change (403), and the
/// same visibility rule as a SQL predicate, so lists and counts are decided in the database and paged there.
/// </summary>
public sealed class CatalogAccess(PolicyEvaluator policy, PolicyProjection projection, RequestCaller request)
{
    public Caller Caller => request.Caller;

    /// <summary>Who owns what the caller creates: their email, or a client's id.</summary>
    public string Principal => request.Principal;

    /// <summary>A platform admin with an unscoped credential: sees and may do everything.</summary>
    public bool IsPlatformAdmin => policy.IsPlatformAdmin(Caller);

    /// <summary>The caller's personal team, when the projection knows it.</summary>
    public string? PersonalTeamId => Caller.Principal is { } principal ? projection.Current.PrincipalOrEmpty(principal).PersonalTeamId : null;

    public bool TeamExists(string teamId) => projection.Current.Teams.ContainsKey(teamId);

    public bool CanSee(CatalogEntity entity) =>
        policy.CanSee(Caller, new ScopedEntity(entity.TeamId, entity.OwnerEmail, Names.Of(entity.Visibility)));

    public bool IsAllowed(string permission, string? teamId) => policy.IsAllowed(Caller, permission, teamId);

    /// <summary>403 unless the caller may use <paramref name="permission"/> in <paramref name="teamId"/>.</summary>
    public void Require(string permission, string? teamId)
    {
        if (!policy.IsAllowed(Caller, permission, teamId))
        {
            throw ProblemException.Forbidden(teamId is null
                ? $"You do not have the '{permission}' permission."
                : $"You do not have the '{permission}' permission in team '{teamId}'.");
        }
    }

    /// <summary>
    /// A read needs no grant (visibility decides), but a token narrowed to some permissions reads only what they name,
    /// and a token narrowed to one virtual server reaches nothing but that server.
    /// </summary>
    public void RequireReadScope(string permission, bool aboutServers = false)
    {
        if (Caller.Scope is not { } scope)
        {
            return;
        }
        if (!scope.Admits(permission))
        {
            throw ProblemException.Forbidden($"This token does not carry the '{permission}' permission.");
        }
        if (scope.ServerId is not null && !aboutServers)
        {
            throw ProblemException.Forbidden("This token is scoped to one virtual server.");
        }
    }

    /// <summary>403 for a token scoped to one virtual server, on anything but that server.</summary>
    public void RequireNotServerScoped(EntityKind kind)
    {
        if (Caller.Scope?.ServerId is not null && kind != EntityKind.Servers)
        {
            throw ProblemException.Forbidden("This token is scoped to one virtual server.");
        }
    }

    /// <summary>The one virtual server a token is scoped to, else null.</summary>
    public string? ScopedServerId => Caller.Scope?.ServerId;

    /// <summary>
    /// <see cref="PolicyEvaluator.CanSee"/> as a predicate the database evaluates: `public` for everyone, `team` for the
    /// members of the entity's team, `private` for its owner, everything for a platform admin; a team-scoped token
    /// sees only its team's entities and public ones.
    /// </summary>
    public Expression<Func<T, bool>> Visible<T>() where T : CatalogEntity
    {
        if (Caller.Principal is not { } principal)
        {
            return _ => false;
        }
        var tokenTeam = Caller.Scope?.TeamId;
        var unscoped = Caller.IsUser ? Caller.ForUser(principal) : Caller.ForClient(principal);
        if (policy.IsPlatformAdmin(unscoped))
        {
            return tokenTeam is null ? _ => true : e => e.Visibility == Visibility.Public || e.TeamId == tokenTeam;
        }
        var teams = projection.Current.PrincipalOrEmpty(principal).Memberships.Keys
            .Where(team => tokenTeam is null || team == tokenTeam).ToList();
        var owner = Caller.IsUser ? principal : null;
        if (tokenTeam is null)
        {
            return e => e.Visibility == Visibility.Public
                || (e.Visibility == Visibility.Team && e.TeamId != null && teams.Contains(e.TeamId))
                || (e.Visibility == Visibility.Private && owner != null && e.OwnerEmail == owner);
        }
        return e => e.Visibility == Visibility.Public
            || (e.Visibility == Visibility.Team && e.TeamId != null && teams.Contains(e.TeamId))
            || (e.Visibility == Visibility.Private && owner != null && e.OwnerEmail == owner && e.TeamId == tokenTeam);
    }

    public static ProblemException NotFound(string kind, string id) =>
        ProblemException.NotFound($"No {kind} '{id}', or you are not allowed to see it.");
}
