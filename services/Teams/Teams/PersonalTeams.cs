using McpGateway.Contracts;
using McpGateway.ServiceDefaults.Authorization;
using McpGateway.ServiceDefaults.Messaging;
using McpGateway.Teams.Extensions;
using McpGateway.Teams.Infrastructure;
using McpGateway.Teams.Model;
using Microsoft.EntityFrameworkCore;

namespace McpGateway.Teams.Teams;

/// <summary>
/// Every user's personal team (AUTO_CREATE_PERSONAL_TEAMS), named as ContextForge names it: "{full name or email}'s
/// Team", slug `{PERSONAL_TEAM_PREFIX}-{email as a slug}`, private, the user its only member and owner. Creation is
/// idempotent: a redelivered <see cref="UserCreated"/>, a re-announced user or a start-up backfill finds the team there.
/// </summary>
public sealed class PersonalTeams(TeamsContext db, TeamsSettings settings, TimeProvider time, ILogger<PersonalTeams> logger)
{
    /// <summary>The actor recorded for what the service does by itself.</summary>
    public const string System = "system";

    /// <summary>
    /// The user's personal team, created when missing and AUTO_CREATE_PERSONAL_TEAMS is on (else null when missing).
    /// What phase 2's `UserCreated` consumer calls; safe to call again for the same user, or from two replicas at once.
    /// </summary>
    public async Task<Team?> EnsureForAsync(string email, string? fullName, CancellationToken cancellationToken)
    {
        email = Caller.NormalizeEmail(email);
        if (await FindAsync(email, cancellationToken) is { } existing)
        {
            return existing;
        }
        if (!settings.AutoCreatePersonalTeams)
        {
            return null;
        }
        var now = time.GetUtcNow().UtcDateTime;
        var display = string.IsNullOrWhiteSpace(fullName) ? email : fullName.Trim();
        var team = new Team
        {
            Name = $"{display}'s Team", Slug = await SlugForAsync(email, cancellationToken), IsPersonal = true,
            Visibility = TeamVisibility.Private, CreatedBy = email, CreatedAt = now, UpdatedAt = now,
        };
        var owner = new TeamMember { TeamId = team.Id, UserEmail = email, Role = TeamRole.Owner, JoinedAt = now };
        db.Teams.Add(team);
        db.TeamMembers.Add(owner);
        db.PermissionAuditLog.Add(new PermissionAuditEntry
        {
            Timestamp = now, UserEmail = System, Action = AuditActions.MemberAdded, Permission = Permissions.TeamsManageMembers,
            TargetEmail = email, TeamId = team.Id, ResourceType = "team_member", ResourceId = owner.Id, Granted = true,
        });
        db.AddIntegrationEvent(new TeamCreated(team.Id, team.Name, team.Slug, true, Names.Of(team.Visibility), email) { OccurredAt = now });
        db.AddIntegrationEvent(new TeamMemberAdded(team.Id, email, Names.Of(TeamRole.Owner)) { OccurredAt = now });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another replica (or a redelivery) created it between our look and our insert: the slug index said no.
            db.ChangeTracker.Clear();
            return await FindAsync(email, cancellationToken) ?? throw new InvalidOperationException($"The personal team of {email} could not be created.");
        }
        logger.LogInformation("Created the personal team {TeamId} of {Email}", team.Id, email);
        return team;
    }

    /// <summary>
    /// Gives every user listed a personal team if they lack one: for users created before personal teams existed.
    /// Phase 2 calls it at start-up with the users projection; the auth service re-announcing its users has the same effect.
    /// </summary>
    public async Task<int> BackfillAsync(IEnumerable<(string Email, string? FullName)> users, CancellationToken cancellationToken)
    {
        var created = 0;
        foreach (var (email, fullName) in users)
        {
            var existed = await FindAsync(Caller.NormalizeEmail(email), cancellationToken) is not null;
            if (!existed && await EnsureForAsync(email, fullName, cancellationToken) is not null)
            {
                created++;
            }
        }
        return created;
    }

    private Task<Team?> FindAsync(string email, CancellationToken cancellationToken) =>
        db.Teams.SingleOrDefaultAsync(t => t.IsPersonal && t.CreatedBy == email, cancellationToken);

    // `personal-alice-example-com`; should a team have taken that slug, the first free `-2`, `-3`... after it.
    private async Task<string> SlugForAsync(string email, CancellationToken cancellationToken)
    {
        var prefix = Slugs.Slugify(settings.PersonalTeamPrefix);
        var slug = prefix.Length > 0 ? $"{prefix}-{Slugs.Slugify(email)}" : Slugs.Slugify(email);
        var candidate = slug;
        for (var n = 2; await db.Teams.AnyAsync(t => t.Slug == candidate && !(t.IsPersonal && t.CreatedBy == email), cancellationToken); n++)
        {
            candidate = $"{slug}-{n}";
        }
        return candidate;
    }
}
