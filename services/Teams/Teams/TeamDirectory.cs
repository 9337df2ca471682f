using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Authorization;
using McpGateway.ServiceDefaults.Messaging;
using McpGateway.Teams.Apis;
using McpGateway.Teams.Extensions;
using McpGateway.Teams.Infrastructure;
using McpGateway.Teams.Model;
using McpGateway.Teams.Rbac;
using McpGateway.Teams.Security;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Teams.Teams;

/// <summary>Creating, reading, changing and deleting teams, and finding the public ones.</summary>
public sealed class TeamDirectory(TeamsContext db, Authorizer authorizer, RequestCaller caller, Memberships memberships,
    RoleAssignments assignments, TeamsSettings settings, TimeProvider time)
{
    public const int MaxNameLength = 255;
    public const int MaxDescriptionLength = 1000;

    /// <summary>A new team whose creator is its owner.</summary>
    public async Task<TeamResponse> CreateAsync(CreateTeamRequest request, CancellationToken cancellationToken)
    {
        var email = caller.Email;
        await authorizer.RequireAsync(Permissions.TeamsCreate, null, cancellationToken, "team");
        var name = Input.Text("name", request.Name, MaxNameLength, required: true)!;
        var description = Input.Text("description", request.Description, MaxDescriptionLength, multiline: true);
        var visibility = request.Visibility is null ? TeamVisibility.Private : ParseVisibility(request.Visibility);
        var maxMembers = CheckMaxMembers(request.MaxMembers);
        string slug;
        if (request.Slug is not null)
        {
            slug = Input.Text("slug", request.Slug, Slugs.MaxLength, required: true)!;
            if (Slugs.Problem(slug) is { } problem)
            {
                throw ProblemException.BadRequest("slug", problem);
            }
            if (await db.Teams.AnyAsync(t => t.Slug == slug, cancellationToken))
            {
                throw ProblemException.Conflict($"The slug '{slug}' is taken; choose another.");
            }
        }
        else
        {
            slug = await FreeSlugAsync(Slugs.Slugify(name) is { Length: >= Slugs.MinLength } derived ? derived : "team", cancellationToken);
        }
        await memberships.RequireRoomForAnotherTeamAsync(email, cancellationToken);

        var now = time.GetUtcNow().UtcDateTime;
        var team = new Team
        {
            Name = name, Slug = slug, Description = description, Visibility = visibility, MaxMembers = maxMembers,
            CreatedBy = email, CreatedAt = now, UpdatedAt = now,
        };
        db.Teams.Add(team);
        db.AddIntegrationEvent(new TeamCreated(team.Id, team.Name, team.Slug, false, Names.Of(visibility), email) { OccurredAt = now });
        memberships.Stage(team, email, TeamRole.Owner, invitedBy: null);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another request took the slug between our check and our insert (the unique index says so).
            if (await db.Teams.AsNoTracking().AnyAsync(t => t.Slug == slug && t.Id != team.Id, cancellationToken))
            {
                throw ProblemException.Conflict($"The slug '{slug}' was just taken; try again.");
            }
            throw;
        }
        return TeamResponse.From(team, 1);
    }

    /// <summary>A team the caller may see (members, platform admins, anyone for a public team); else 404.</summary>
    public async Task<TeamResponse> GetAsync(string teamId, CancellationToken cancellationToken)
    {
        authorizer.RequireVisibleTeam(teamId);
        return await ResponseAsync(await FindAsync(teamId, cancellationToken), cancellationToken);
    }

    /// <summary>The caller's teams (a platform admin's: every team but other users' personal ones), by name.</summary>
    public async Task<TeamListResponse> ListAsync(int skip, int limit, CancellationToken cancellationToken)
    {
        var principal = caller.Principal;
        var query = db.Teams.AsNoTracking();
        query = authorizer.IsPlatformAdmin
            ? query.Where(t => !t.IsPersonal || t.CreatedBy == principal)
            : query.Where(t => t.Members.Any(m => m.UserEmail == principal && m.IsActive));
        if (caller.Caller.Scope?.TeamId is { } tokenTeam)
        {
            query = query.Where(t => t.Id == tokenTeam);
        }
        var total = await query.CountAsync(cancellationToken);
        var page = await query.OrderBy(t => t.Name).ThenBy(t => t.Id).Skip(skip).Take(limit)
            .Select(t => new { Team = t, Count = t.Members.Count(m => m.IsActive) })
            .ToListAsync(cancellationToken);
        // The database chose by membership; the policy has the last word on each row, so the two cannot disagree.
        var visible = page.Where(p => authorizer.CanSeeTeam(p.Team.Id)).Select(p => TeamResponse.From(p.Team, p.Count)).ToList();
        return new TeamListResponse(visible, total);
    }

    /// <summary>Public teams the caller is not in, by name.</summary>
    public async Task<IReadOnlyList<TeamDiscoveryResponse>> DiscoverAsync(int skip, int limit, CancellationToken cancellationToken)
    {
        var principal = caller.Principal;
        var page = await db.Teams.AsNoTracking()
            .Where(t => t.Visibility == TeamVisibility.Public && !t.IsPersonal && !t.Members.Any(m => m.UserEmail == principal))
            .OrderBy(t => t.Name).ThenBy(t => t.Id).Skip(skip).Take(limit)
            .Select(t => new { Team = t, Count = t.Members.Count(m => m.IsActive) })
            .ToListAsync(cancellationToken);
        return page.Where(p => authorizer.CanSeeTeam(p.Team.Id))
            .Select(p => new TeamDiscoveryResponse(p.Team.Id, p.Team.Name, p.Team.Slug, p.Team.Description, p.Count, p.Team.CreatedAt, IsJoinable(p.Team, p.Count)))
            .ToList();
    }

    public async Task<TeamResponse> UpdateAsync(string teamId, UpdateTeamRequest request, CancellationToken cancellationToken)
    {
        authorizer.RequireVisibleTeam(teamId);
        await authorizer.RequireAsync(Permissions.TeamsUpdate, teamId, cancellationToken, "team", teamId);
        var team = await FindAsync(teamId, cancellationToken);
        var name = Input.Text("name", request.Name, MaxNameLength);
        var description = Input.Text("description", request.Description, MaxDescriptionLength, multiline: true);
        var visibility = request.Visibility is null ? (TeamVisibility?)null : ParseVisibility(request.Visibility);
        var maxMembers = CheckMaxMembers(request.MaxMembers);
        if (team.IsPersonal && ((visibility is { } v && v != TeamVisibility.Private) || maxMembers is not null))
        {
            throw ProblemException.Conflict("A personal team stays private and has only its owner; only its name and description can change.");
        }
        if (maxMembers is { } limit && limit < await db.TeamMembers.CountAsync(m => m.TeamId == teamId && m.IsActive, cancellationToken))
        {
            throw ProblemException.Conflict("'max_members' cannot be below the team's current number of members.");
        }
        team.Name = name ?? team.Name;
        team.Description = request.Description is null ? team.Description : description;
        team.Visibility = visibility ?? team.Visibility;
        team.MaxMembers = maxMembers ?? team.MaxMembers;
        team.UpdatedAt = time.GetUtcNow().UtcDateTime;
        db.AddIntegrationEvent(new TeamUpdated(team.Id, team.Name, team.Slug, Names.Of(team.Visibility)) { OccurredAt = team.UpdatedAt });
        await db.SaveChangesAsync(cancellationToken);
        return await ResponseAsync(team, cancellationToken);
    }

    /// <summary>Deletes a team with its memberships, invitations, join requests and the roles granted in it.</summary>
    public async Task DeleteAsync(string teamId, CancellationToken cancellationToken)
    {
        authorizer.RequireVisibleTeam(teamId);
        await authorizer.RequireAsync(Permissions.TeamsDelete, teamId, cancellationToken, "team", teamId);
        var team = await FindAsync(teamId, cancellationToken);
        if (team.IsPersonal)
        {
            throw ProblemException.Conflict("A personal team cannot be deleted.");
        }
        await assignments.StageRevokeAllInTeamAsync(teamId, cancellationToken);
        foreach (var member in await db.TeamMembers.Where(m => m.TeamId == teamId).ToListAsync(cancellationToken))
        {
            authorizer.RecordChange(AuditActions.MemberRemoved, Permissions.TeamsDelete, teamId, member.UserEmail, "team_member", member.Id, Names.Of(member.Role));
        }
        db.Teams.Remove(team);
        db.AddIntegrationEvent(new TeamDeleted(team.Id) { OccurredAt = time.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<Team> FindAsync(string teamId, CancellationToken cancellationToken) =>
        await db.Teams.SingleOrDefaultAsync(t => t.Id == teamId, cancellationToken) ?? throw Authorizer.TeamNotFound();

    private async Task<TeamResponse> ResponseAsync(Team team, CancellationToken cancellationToken) =>
        TeamResponse.From(team, await db.TeamMembers.CountAsync(m => m.TeamId == team.Id && m.IsActive, cancellationToken));

    private bool IsJoinable(Team team, int memberCount) => memberCount < (team.MaxMembers ?? settings.MaxMembersPerTeam);

    private int? CheckMaxMembers(int? maxMembers) =>
        maxMembers is { } value && (value < 1 || value > settings.MaxMembersPerTeam)
            ? throw ProblemException.BadRequest("max_members", $"'max_members' must be between 1 and {settings.MaxMembersPerTeam} (MAX_MEMBERS_PER_TEAM).")
            : maxMembers;

    private static TeamVisibility ParseVisibility(string text) =>
        Names.Parse<TeamVisibility>(text) ?? throw ProblemException.BadRequest("visibility", "'visibility' is 'private' or 'public'.");

    // Derived slugs never collide: the first free of `slug`, `slug-2`, `slug-3`...
    private async Task<string> FreeSlugAsync(string slug, CancellationToken cancellationToken)
    {
        var taken = await db.Teams.Where(t => t.Slug == slug || t.Slug.StartsWith(slug + "-")).Select(t => t.Slug).ToListAsync(cancellationToken);
        var candidate = slug;
        for (var n = 2; taken.Contains(candidate); n++)
        {
            candidate = $"{slug}-{n}";
        }
        return candidate;
    }
}
